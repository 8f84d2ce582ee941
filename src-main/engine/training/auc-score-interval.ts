// A 95% interval for ROC AUC that does not collapse when the classes are perfectly separated:
// Newcombe's score interval (Stat Med 2006;25:559-573, method 5). The Hanley–McNeil variance of
// the Mann–Whitney AUC, with (m-1) and (n-1) both replaced by (m+n)/2 - 1, is taken at each
// candidate AUC θ rather than at the estimate, and the interval is every θ with
// |AUC - θ| <= z·sqrt(V(θ)). At AUC 1 the estimate's own variance is 0 (a bootstrap or a Wald
// interval then reads "1.000-1.000"); V(θ) for θ < 1 is not, so the lower bound stays below 1.

const Z95 = 1.959964;

/** Newcombe's modified Hanley–McNeil variance of the AUC at θ, with m positive and n negative units. */
export function newcombeVariance(theta: number, m: number, n: number): number {
  const star = (m + n) / 2 - 1;
  return (theta * (1 - theta) * (1 + (star * (1 - theta)) / (2 - theta) + (star * theta) / (1 + theta))) / (m * n);
}

/**
 * The score interval of `auc` from `positives` and `negatives` independent units (patients; they
 * may be fractional effective counts). Bisection to 1e-9 on each side: the score function is 0
 * at the bound and changes sign across it. Null when a class has no units.
 */
export function aucScoreInterval(auc: number, positives: number, negatives: number, z = Z95): { low: number; high: number } | null {
  if (!(positives > 0 && negatives > 0) || !Number.isFinite(auc)) return null;
  const gap = (theta: number) => Math.abs(auc - theta) - z * Math.sqrt(newcombeVariance(theta, positives, negatives));
  // Inside the interval gap <= 0 (at θ = auc it is); outside, past the bound, gap > 0 (at 0 and 1 V is 0).
  const bound = (outside: number): number => {
    let inside = auc;
    let out = outside;
    if (gap(out) <= 0) return out;
    for (let k = 0; k < 60 && Math.abs(out - inside) > 1e-9; k++) {
      const mid = (inside + out) / 2;
      if (gap(mid) <= 0) inside = mid;
      else out = mid;
    }
    return inside;
  };
  return { low: bound(0), high: bound(1) };
}
