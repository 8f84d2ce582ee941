// alveo evaluate --data DIR [--model ID|DIR] [--split train|val|test|all] [--json] [--report DIR] [--top-k N]
// Evaluates a stored model (default: the active one) on a labelled folder at the model's own
// threshold. DIR may be class folders, a Kermany root or an RSNA root; for a Kermany root the test
// folder is used when present (the held-out split), else every image; --split picks another.
// --json prints one JSON object (the full report); --report writes report.json + report.html.
// A metric the data leaves undefined (sensitivity with no PNEUMONIA images...) reads n/a (JSON
// null) with a warning. Every file left out is listed on stderr, failed or skipped with why; as
// for score, exit 1 when a labelled file failed (the figures are still printed).
import { isAbsolute, join, relative } from 'node:path';
import type { EvaluationReport } from '../../api/training';
import { createEngine, sourceTreeDeps } from '../../engine/index';
import { EXIT, UsageError } from '../cli-conventions';
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
      process.stderr.write(leftOutLines(end.result));
      return end.result.failed.length > 0 ? EXIT.failed : EXIT.ok;
    } catch (err) {
      console.error(`alveo evaluate: ${err instanceof Error ? err.message : String(err)}`);
      return 1;
    } finally {
      await engine.dispose();
    }
  },
});

/** 4 decimals, or n/a for a metric the data leaves undefined (NaN in the report). */
const f4 = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : 'n/a');
/** A 95% interval in brackets, where there is one. */
const ci = (i: { low: number; high: number } | undefined) => (i ? ` [${i.low.toFixed(3)}-${i.high.toFixed(3)}]` : '');

function summary(r: EvaluationReport): string {
  const { tp, fp, tn, fn } = r.confusion;
  const skipped = r.dataset.skipped;
  return [
    `model ${r.model.id} (${r.model.inputSize} px) on ${r.dataset.root} [${r.dataset.layout}, split ${r.dataset.split}]`,
    `n ${r.n} (${r.dataset.images.NORMAL} NORMAL, ${r.dataset.images.PNEUMONIA} PNEUMONIA)${r.failed.length ? `, ${r.failed.length} failed` : ''}${skipped ? `, ${skipped} skipped` : ''}`,
    `threshold ${r.threshold.toFixed(4)} (${r.thresholdRule})`,
    `accuracy ${f4(r.accuracy)}  sensitivity ${f4(r.sensitivity)}${ci(r.intervals?.sensitivity)}  specificity ${f4(r.specificity)}${ci(r.intervals?.specificity)}`,
    `precision ${f4(r.precision)}  F1 ${f4(r.f1)}  ROC-AUC ${f4(r.auc)}${ci(r.intervals?.auc)}  PR-AUC ${f4(r.prAuc)}  ECE ${f4(r.calibration.ece)}`,
    ...(r.intervals ? [`(95% intervals in brackets: ${r.intervals.replicates} resamplings of the ${r.intervals.patients} patients)`] : []),
    `confusion: TP ${tp}  FP ${fp}  TN ${tn}  FN ${fn}`,
    ...(r.dataset.duplicates ? [`${r.dataset.duplicates} duplicate ${r.dataset.duplicates === 1 ? 'copy' : 'copies'} not counted (one copy of each counts)`] : []),
    ...answeredLines(r),
    '',
  ].join('\n');
}

/** The figures on the images the app would answer, beside those on all, when some are held back. */
function answeredLines(r: EvaluationReport): string[] {
  const a = r.answered;
  if (!a) return [];
  const held = r.heldBack?.length ?? 0;
  return [
    `held back in the app (intended-use warnings): ${held} of ${r.n} images, counted above`,
    `images the app would answer: n ${a.n} (${a.images.NORMAL} NORMAL, ${a.images.PNEUMONIA} PNEUMONIA)  sensitivity ${f4(a.sensitivity)}${ci(a.intervals?.sensitivity)}  specificity ${f4(a.specificity)}${ci(a.intervals?.specificity)}  ROC-AUC ${f4(a.auc)}${ci(a.intervals?.auc)}`,
  ];
}

/** Warnings, images filed under both labels, images the app holds back, then every file left out (failed, then skipped) with why, paths relative to the dataset root. */
function leftOutLines(r: EvaluationReport): string {
  const name = (file: string) => {
    const rel = relative(r.dataset.root, file);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
  };
  const lines = [
    ...(r.warnings ?? []).map((w) => `warning: ${w}`),
    ...(r.conflicts ?? []).map((g) => `both labels (not counted): ${g.map(name).join(' = ')}`),
    ...(r.heldBack ?? []).map((h) => `held back: ${name(h.file)}: ${h.warnings.join(' ')}`),
    ...r.failed.map((f) => `failed: ${name(f.file)}: ${f.reason}`),
    ...(r.skipped ?? []).map((s) => `skipped: ${name(s.file)}: ${s.reason}`),
  ];
  return lines.length ? `${lines.join('\n')}\n` : '';
}
