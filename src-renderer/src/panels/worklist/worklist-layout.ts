// Where each worklist line sits in the scrolled grid: rows, and (grouped by study) a header line
// before each DICOM study's rows. Heights are fixed per kind, so the lines in view are found by
// binary search and a folder of ten thousand rows lays out in one pass.
import type { ScoreRow } from '../../../../src-main/api/contract';

export type WorklistLine =
  | { kind: 'row'; key: string; row: ScoreRow }
  | { kind: 'study'; key: string; rows: ScoreRow[] };

export interface WorklistLayout {
  items: WorklistLine[];
  height: number;
  /** Lines [first, last) overlapping the pixel span [from, to), and the top of the first. */
  range(from: number, to: number): { first: number; last: number; top: number };
  /** The top of a row by its file (0 when not shown). */
  topOf(file: string): number;
}

/** `groupKey` null: rows only. Otherwise rows arrive grouped (worklistView does it) and every run
 * of rows with the same key that is a study (not 'file:…', a plain image) gets a header line. */
export function layoutWorklist(rows: readonly ScoreRow[], groupKey: ((row: ScoreRow) => string) | null, rowHeight: number, headerHeight: number): WorklistLayout {
  const items: WorklistLine[] = [];
  const tops: number[] = [];
  const rowTop = new Map<string, number>();
  let y = 0;
  for (let i = 0; i < rows.length; i++) {
    const key = groupKey?.(rows[i]);
    if (key && !key.startsWith('file:') && (i === 0 || groupKey!(rows[i - 1]) !== key)) {
      let end = i + 1;
      while (end < rows.length && groupKey!(rows[end]) === key) end++;
      items.push({ kind: 'study', key: `study:${key}`, rows: rows.slice(i, end) });
      tops.push(y);
      y += headerHeight;
    }
    items.push({ kind: 'row', key: rows[i].file, row: rows[i] });
    tops.push(y);
    rowTop.set(rows[i].file, y);
    y += rowHeight;
  }
  const bottom = (i: number) => (i + 1 < tops.length ? tops[i + 1] : y);
  /** The first line for which `past(line)` is false (it holds for a prefix of the lines). */
  const search = (past: (i: number) => boolean) => {
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (past(mid)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return {
    items,
    height: y,
    range(from, to) {
      const first = search((i) => bottom(i) <= from);
      const last = Math.max(first, search((i) => tops[i] < to));
      return { first, last, top: first < tops.length ? tops[first] : 0 };
    },
    topOf: (file) => rowTop.get(file) ?? 0,
  };
}
