// How a comparison of models on one folder says its figures, and whether the images can tell the
// models apart: two models whose 95% AUC intervals overlap are not shown to differ (review M5).
import type { EvaluationReport, Interval } from '../../../../src-main/api/evaluation';
import { defined, honestFixed } from './evaluation-format';

/** A figure with its interval, 3 decimals; 'n/a' where the data leaves it undefined. */
export function figureWithInterval(v: number | null, i: Interval | undefined): string {
  if (!defined(v)) return 'n/a';
  return i ? `${honestFixed(v)} [${honestFixed(i.low)}–${honestFixed(i.high)}]` : honestFixed(v);
}

export type Separation = 'apart' | 'overlap' | 'some-overlap' | 'unknown';

export interface ComparedReport {
  name: string;
  report: EvaluationReport;
}

/** The pairs whose AUC intervals overlap, and a verdict over all pairs ('unknown' where an interval is missing). */
export function aucSeparation(items: ComparedReport[]): { verdict: Separation; pairs: Array<[string, string]> } {
  if (items.length < 2) return { verdict: 'unknown', pairs: [] };
  const ivs = items.map((it) => it.report.intervals?.auc);
  if (ivs.some((i) => !i)) return { verdict: 'unknown', pairs: [] };
  const pairs: Array<[string, string]> = [];
  let total = 0;
  for (let a = 0; a < items.length; a++) {
    for (let b = a + 1; b < items.length; b++) {
      total++;
      const x = ivs[a] as Interval;
      const y = ivs[b] as Interval;
      if (x.low <= y.high && y.low <= x.high) pairs.push([items[a].name, items[b].name]);
    }
  }
  const verdict = pairs.length === 0 ? 'apart' : pairs.length === total ? 'overlap' : 'some-overlap';
  return { verdict, pairs };
}

/** Distinct line colours for the overlaid ROC curves (the first is the selected model). */
export const CURVE_COLORS = ['#4c9eff', '#f29d38', '#5cc98a', '#d46fd6', '#e5d45a', '#ef6b6b', '#8fd3e8', '#b89cf0'];
/** Each model's curve also has its own dash (the first solid), so colour is not the only difference. */
export const CURVE_DASHES = ['', '7 3', '2 3', '10 3 2 3', '5 2 1 2 1 2', '12 4', '1 5', '4 4'];

/** The i-th model's colour and dash. */
export function curveStyle(i: number): { color: string; dash: string | undefined } {
  return { color: CURVE_COLORS[i % CURVE_COLORS.length], dash: CURVE_DASHES[i % CURVE_DASHES.length] || undefined };
}

/** "+0.012 [−0.004, +0.028]" (or in percentage points): a paired difference with its interval. */
export function signedInterval(i: { value: number; low: number; high: number }, points = false): string {
  const f = (v: number) => {
    const x = points ? v * 100 : v;
    const text = Math.abs(x).toFixed(points ? 1 : 3);
    return `${x > 0 ? '+' : x < 0 ? '−' : '±'}${text}`;
  };
  return `${f(i.value)}${points ? ' pts' : ''} [${f(i.low)}, ${f(i.high)}]`;
}
