// How the model manager's evaluation says its figures: a metric the data leaves undefined arrives
// as null (NaN in the engine) and reads "n/a", never a made-up 0 or 0.5.
import type { EvaluationReport, UndefinedMetric } from '../../../../src-main/api/evaluation';
import { fixed, pct } from '../training/training-format';

export type MetricKey = 'auc' | 'sensitivity' | 'specificity' | 'precision' | 'f1' | 'accuracy';

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
  { key: 'f1', label: 'F1', fraction: false },
  { key: 'accuracy', label: 'Accuracy', fraction: true },
];

export function defined(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

export function metricRows(r: EvaluationReport): MetricRow[] {
  const why = new Map<string, string>((r.undefinedMetrics ?? []).map((u: UndefinedMetric) => [u.metric, u.reason]));
  return ROWS.map(({ key, label, fraction }) => {
    const v = r[key] as number | null;
    const ok = defined(v);
    const show = (x: number) => (fraction ? pct(x) : fixed(x));
    const iv = key === 'auc' || key === 'sensitivity' || key === 'specificity' ? r.intervals?.[key] : undefined;
    return {
      key,
      label,
      text: ok ? show(v) : 'n/a',
      interval: ok && iv ? `${show(iv.low)}–${show(iv.high)}` : null,
      reason: ok ? null : (why.get(key) ?? 'undefined for these images'),
    };
  });
}
