// The table `alveo evaluate --models A,B` ends with: one row per model on the same folder, so the
// figures are compared side by side rather than copied from separate runs.
import type { EvaluationReport, Interval, PairedComparison } from '../api/evaluation';

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

const signed = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(3)}`;
const diff = (i: Interval) => `${signed(i.value)} [${signed(i.low)}, ${signed(i.high)}]`;

/** One block per pair: b − a with its paired interval, and what the AUC difference's interval says. */
export function pairedLines(pairs: PairedComparison[]): string {
  return pairs
    .map((p) => {
      const verdict = { 'b-higher': `${p.b} has the higher AUC on these images`, 'a-higher': `${p.a} has the higher AUC on these images`, 'not-told-apart': 'these images cannot tell their AUCs apart' }[p.verdict];
      return [
        `paired, ${p.b} minus ${p.a} on the same ${p.n} images (${p.replicates} resamplings of ${p.patients} patients, drawn for both):`,
        `  AUC ${diff(p.auc)}  sensitivity ${diff(p.sensitivity)}  specificity ${diff(p.specificity)} (each at its model's threshold)`,
        `  ${verdict}`,
      ].join('\n');
    })
    .map((block) => `${block}\n`)
    .join('');
}
