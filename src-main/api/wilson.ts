// The Wilson score interval: the engine's intervals use it, on the effective number of patients,
// as their floor, and the model manager shows it beside a card's figures (which carry counts but
// no intervals of their own).

/** Wilson score 95% interval for a proportion k/n. */
export function wilson(k: number, n: number, z = 1.959964): { low: number; high: number } {
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
