// The table `alveo evaluate --models A,B` ends with: one row per model on the same folder, so the
// figures are compared side by side rather than copied from separate runs.
import type { EvaluationReport } from '../api/evaluation';

const f3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : 'n/a');
const ci = (i: { low: number; high: number } | undefined) => (i ? ` [${i.low.toFixed(3)}-${i.high.toFixed(3)}]` : '');

function pad(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd());
}

export function comparisonTable(reports: EvaluationReport[]): string {
  const head = ['model', 'n', 'AUC [95% CI]', 'sensitivity [95% CI]', 'specificity [95% CI]', 'threshold'];
  const rows = reports.map((r) => [
    r.model.id,
    String(r.n),
    `${f3(r.auc)}${ci(r.intervals?.auc)}`,
    `${f3(r.sensitivity)}${ci(r.intervals?.sensitivity)}`,
    `${f3(r.specificity)}${ci(r.intervals?.specificity)}`,
    r.threshold.toFixed(4),
  ]);
  return `comparison on ${reports[0]?.dataset.root ?? ''}:\n${pad([head, ...rows]).join('\n')}\n`;
}
