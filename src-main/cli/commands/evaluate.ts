// alveo evaluate --data DIR [--model ID|DIR] [--split train|val|test|all] [--json] [--report DIR] [--top-k N]
// Evaluates a stored model (default: the active one) on a labelled folder at the model's own
// threshold. DIR may be class folders, a Kermany root or an RSNA root; for a Kermany root the test
// folder is used when present (the held-out split), else every image; --split picks another.
// --json prints one JSON object (the full report); --report writes report.json + report.html.
import { join } from 'node:path';
import type { EvaluationReport } from '../../api/training';
import { createEngine, sourceTreeDeps } from '../../engine/index';
import { UsageError } from '../cli-conventions';
import { defineCommand } from '../command';
import { etaText, progressLine } from '../progress-line';
import { exitCodeOf, runJob } from '../run-job';

const SPLITS = ['train', 'val', 'test', 'all'] as const;

export const command = defineCommand({
  name: 'evaluate',
  summary: 'measure a model on a labelled folder (metrics, ROC, calibration, report)',
  options: {
    data: { type: 'string', arg: 'DIR', required: true, help: 'labelled images: class folders, a Kermany root or an RSNA root' },
    model: { type: 'string', arg: 'ID|DIR', help: 'a stored model id or a model folder (default: the active model)' },
    split: { type: 'string', arg: SPLITS.join('|'), help: "which part of a Kermany root (default: test when present, else all)" },
    json: { type: 'boolean', help: 'print the full report as one JSON object' },
    report: { type: 'string', arg: 'DIR', help: 'also write report.json and report.html to DIR' },
    'top-k': { type: 'string', arg: 'N', default: '12', help: 'how many images the report lists as the worst misses (highest loss)' },
  },
  async run({ values }) {
    const split = values.split as (typeof SPLITS)[number] | undefined;
    const topK = Number(values['top-k']);
    if (split && !SPLITS.includes(split)) throw new UsageError(`--split must be ${SPLITS.join(', ')} (got '${split}')`);
    if (!Number.isInteger(topK) || topK < 0) throw new UsageError(`--top-k must be a whole number (got '${values['top-k']}')`);
    const engine = createEngine(sourceTreeDeps());
    const line = progressLine(5000);
    try {
      const t0 = Date.now();
      const end = await runJob(engine, 'evaluate', () => engine.startEvaluation({ data: values.data, model: values.model, split, topK, reportDir: values.report }), {
        progress: ({ done, total }) => {
          const rate = done / Math.max(0.001, (Date.now() - t0) / 1000);
          line.update(`evaluated ${done}/${total} (${rate.toFixed(1)} images/s${done < total ? etaText(((total - done) / rate) * 1000) : ''})`, done === total);
        },
        cancelling: 'cancelling',
      });
      line.end();
      if (end.outcome !== 'done') {
        if (end.outcome === 'failed') console.error(`alveo evaluate: ${end.error}`);
        return exitCodeOf(end);
      }
      // The job wrote report.json and report.html when asked.
      if (values.report) process.stderr.write(`report: ${join(values.report, 'report.html')}\n`);
      process.stdout.write(values.json ? `${JSON.stringify(end.result)}\n` : summary(end.result));
      return 0;
    } catch (err) {
      console.error(`alveo evaluate: ${err instanceof Error ? err.message : String(err)}`);
      return 1;
    } finally {
      await engine.dispose();
    }
  },
});

function summary(r: EvaluationReport): string {
  const { tp, fp, tn, fn } = r.confusion;
  return [
    `model ${r.model.id} (${r.model.inputSize} px) on ${r.dataset.root} [${r.dataset.layout}, split ${r.dataset.split}]`,
    `n ${r.n} (${r.dataset.images.NORMAL} NORMAL, ${r.dataset.images.PNEUMONIA} PNEUMONIA)${r.failed.length ? `, ${r.failed.length} not decodable` : ''}`,
    `threshold ${r.threshold.toFixed(4)} (${r.thresholdRule})`,
    `accuracy ${r.accuracy.toFixed(4)}  sensitivity ${r.sensitivity.toFixed(4)}  specificity ${r.specificity.toFixed(4)}`,
    `precision ${r.precision.toFixed(4)}  F1 ${r.f1.toFixed(4)}  ROC-AUC ${r.auc.toFixed(4)}  PR-AUC ${r.prAuc.toFixed(4)}  ECE ${r.calibration.ece.toFixed(4)}`,
    `confusion: TP ${tp}  FP ${fp}  TN ${tn}  FN ${fn}`,
    '',
  ].join('\n');
}
