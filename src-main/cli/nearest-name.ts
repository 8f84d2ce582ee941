// "Did you mean ...?" for a mistyped command or option: the one known name within a couple of
// typing slips (an extra, missing, wrong or swapped letter), else none rather than a guess.

/** Edits (insert, delete, replace, swap two neighbours) turning `a` into `b`. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The closest of `names` to `word` (case ignored), if near enough to be a slip; a tie gives none. */
export function nearestName(word: string, names: readonly string[]): string | null {
  const w = word.toLowerCase();
  // One slip in a short word, about one in three letters in a longer one.
  const allowed = Math.max(1, Math.floor(w.length / 3));
  let best: string | null = null;
  let bestDistance = Infinity;
  let tie = false;
  for (const name of names) {
    const distance = editDistance(w, name.toLowerCase());
    if (distance < bestDistance) [best, bestDistance, tie] = [name, distance, false];
    else if (distance === bestDistance && name !== best) tie = true;
  }
  if (best !== null && bestDistance <= allowed && !tie) return best;
  // A name cut short (--recur for --recursive) when only one name starts that way.
  const starting = w.length >= 3 ? names.filter((n) => n.toLowerCase().startsWith(w)) : [];
  return starting.length === 1 ? starting[0] : null;
}
