// alveo evaluate --data DIR [--model ID|DIR] [--split train|val|test|all] [--json] [--report DIR] [--top-k N]
// Evaluates a stored model (default: the active one) on a labelled folder at the model's own
// threshold. DIR may be class folders, a Kermany root or an RSNA root; for a Kermany root the test
// folder is used when present (the held-out split), else every image; --split picks another.
// --json prints one JSON object (the full report); --report writes report.json + report.html.
import type { EvaluationReport } from '../../api/training';
import { sourceTreeDeps } from '../../engine/engine-deps';
import { loadModel } from '../../engine/model/load-model';
import { ModelStore } from '../../engine/model/model-store';
import { backendName, getTf } from '../../engine/model/tf-backend';
import { evaluateModel } from '../../engine/training/evaluate';
import { formatClock } from '../../engine/training/progress-text';
import { writeEvaluationReport } from '../../engine/training/report-html';
import type { CliCommand } from '../command';
import { parseCommandOptions } from '../parse-command-options';

const SPLITS = ['train', 'val', 'test', 'all'] as const;

export const command: CliCommand = {
  usage: 'evaluate --data DIR [--model ID|DIR] [--split S] --json [--report DIR]',
  summary: 'measure a model on a labelled folder (metrics, ROC, calibration, report)',
  async run(argv) {
    const values = parseCommandOptions(
      argv,
      {
        data: { type: 'string' },
        model: { type: 'string' },
        split: { type: 'string' },
        json: { type: 'boolean', default: false },
        report: { type: 'string' },
        'top-k': { type: 'string' },
      },
      command.usage,
    );
    if (!values) return 2;
    const split = values.split as (typeof SPLITS)[number] | undefined;
    const topK = values['top-k'] === undefined ? 12 : Number(values['top-k']);
    if (!values.data || (split && !SPLITS.includes(split)) || !Number.isInteger(topK) || topK < 0) {
      console.error(`usage: alveo ${command.usage} [--top-k N]   (S: ${SPLITS.join('|')})`);
      return 2;
    }
    const controller = new AbortController();
    const onSigint = () => {
      if (controller.signal.aborted) process.exit(130);
      process.stderr.write('\ncancelling (Ctrl-C again to quit now)\n');
      controller.abort();
    };
    process.on('SIGINT', onSigint);
    try {
      const deps = sourceTreeDeps();
      const store = new ModelStore({ builtInDir: deps.builtInModelsDir, userDir: deps.userDir });
      const id = values.model ?? (await store.activeId());
      if (!id) {
        console.error('alveo evaluate: no --model given and no active model');
        return 1;
      }
      const tf = await getTf(deps.backend ?? 'auto');
      const loaded = await loadModel(tf, await store.get(id));
      const tty = process.stderr.isTTY;
      let last = 0;
      const t0 = Date.now();
      const report = await evaluateModel(tf, loaded, { data: values.data, split, topK, reportDir: values.report }, {
        backend: backendName(),
        signal: controller.signal,
        progress: (done, total) => {
          const now = Date.now();
          if (done < total && now - last < (tty ? 200 : 5000)) return;
          last = now;
          const rate = done / Math.max(0.001, (now - t0) / 1000);
          const eta = done < total ? `, ETA ${formatClock(((total - done) / rate) * 1000)}` : '';
          const line = `evaluated ${done}/${total} (${rate.toFixed(1)} images/s${eta})`;
          process.stderr.write(tty ? `\r\x1b[K${line}` : `${line}\n`);
        },
      });
      if (tty) process.stderr.write('\n');
      if (values.report) {
        const written = await writeEvaluationReport(report, values.report);
        process.stderr.write(`report: ${written.html}\n`);
      }
      process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : summary(report));
      return 0;
    } catch (err) {
      if (controller.signal.aborted) return 130;
      console.error(`alveo evaluate: ${err instanceof Error ? err.message : String(err)}`);
      return 1;
    } finally {
      process.off('SIGINT', onSigint);
    }
  },
};

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
