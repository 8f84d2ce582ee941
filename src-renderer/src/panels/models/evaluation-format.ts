// How the model manager's evaluation says its figures: a metric the data leaves undefined arrives
// as null (NaN in the engine) and reads "n/a", never a made-up 0 or 0.5.
import type { EvaluationReport, UndefinedMetric } from '../../../../src-main/api/evaluation';
import { fixed, pct } from '../training/training-format';

/** 3 decimals; a value that rounds to 1 but is not 1 reads "> 0.999", never a perfect 1.000. */
export function honestFixed(v: number): string {
  return v < 1 && fixed(v) === '1.000' ? '> 0.999' : fixed(v);
}

/** A percentage; one that rounds to 100.0% but is not 100% reads "> 99.9%". */
export function honestPct(v: number): string {
  return v < 1 && pct(v) === '100.0%' ? '> 99.9%' : pct(v);
}

export type MetricKey = 'auc' | 'sensitivity' | 'specificity' | 'precision' | 'npv' | 'f1' | 'accuracy';

export interface MetricRow {
  key: MetricKey;
  label: string;
  text: string;
  /** The 95% interval, in the same units as text, where the report has one. */
  interval: string | null;
  /** Why the figure is undefined, when it is. */
  reason: string | null;
}

const ROWS: Array<{ key: MetricKey; label: string; fraction: boolean }> = [
  { key: 'auc', label: 'AUC', fraction: false },
  { key: 'sensitivity', label: 'Sensitivity', fraction: true },
  { key: 'specificity', label: 'Specificity', fraction: true },
  { key: 'precision', label: 'PPV', fraction: true },
  { key: 'npv', label: 'NPV', fraction: true },
  { key: 'f1', label: 'F1', fraction: false },
  { key: 'accuracy', label: 'Accuracy', fraction: true },
];

export function defined(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

export function metricRows(r: EvaluationReport): MetricRow[] {
  const why = new Map<string, string>((r.undefinedMetrics ?? []).map((u: UndefinedMetric) => [u.metric, u.reason]));
  return ROWS.map(({ key, label, fraction }) => {
    // NPV is absent from reports older than it.
    const v = (r[key] ?? null) as number | null;
    const ok = defined(v);
    const show = (x: number) => (fraction ? honestPct(x) : honestFixed(x));
    const iv = key === 'precision' ? r.intervals?.ppv : key === 'f1' || key === 'accuracy' ? undefined : r.intervals?.[key];
    return {
      key,
      label,
      text: ok ? show(v) : 'n/a',
      interval: ok && iv ? `${show(iv.low)}–${show(iv.high)}` : null,
      reason: ok ? null : (why.get(key) ?? 'undefined for these images'),
    };
  });
}

export interface AnsweredRow {
  key: 'sensitivity' | 'specificity' | 'auc';
  label: string;
  /** On all counted images, and on those the app would answer ('n/a' where undefined). */
  all: string;
  answered: string;
}

/** Sensitivity, specificity and AUC on all images beside the images the app would answer. */
export function answeredRows(r: EvaluationReport): AnsweredRow[] {
  const a = r.answered;
  if (!a) return [];
  const keys = [
    { key: 'sensitivity', label: 'Sensitivity', fraction: true },
    { key: 'specificity', label: 'Specificity', fraction: true },
    { key: 'auc', label: 'AUC', fraction: false },
  ] as const;
  return keys.map(({ key, label, fraction }) => {
    const show = (v: number | null) => (!defined(v) ? 'n/a' : fraction ? honestPct(v) : honestFixed(v));
    return { key, label, all: show(r[key] as number | null), answered: show(a[key] as number | null) };
  });
}

/** How the intervals were computed, for the note under them (older reports say less). */
export function intervalsNote(i: NonNullable<EvaluationReport['intervals']>): string {
  return `Right: 95% intervals, ${i.description ?? `from ${i.replicates} resamplings of the ${i.patients} patients`} (images of one patient are not independent). PPV and NPV hold only at this folder's share of PNEUMONIA.`;
}

/** The figures said when a run ends: "AUC 0.912, sensitivity 83.3%, specificity 66.7% on 12 images". */
export function spokenFigures(r: EvaluationReport): string {
  const show = (v: number | null, fraction: boolean) => (!defined(v) ? 'n/a' : fraction ? honestPct(v) : honestFixed(v));
  return `AUC ${show(r.auc, false)}, sensitivity ${show(r.sensitivity, true)}, specificity ${show(r.specificity, true)} on ${r.n} image${r.n === 1 ? '' : 's'}`;
}
