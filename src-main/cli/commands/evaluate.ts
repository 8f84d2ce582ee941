// alveo evaluate --data DIR [--model ID|DIR | --models A,B] [--split train|val|test|all] [--json] [--report DIR] [--top-k N] [--keep]
// Evaluates a stored model (default: the active one) on a labelled folder at the model's own
// threshold. DIR may be class folders, a Kermany root or an RSNA root; for a Kermany root the test
// folder is used when present (the held-out split), else every image; --split picks another.
// --json prints one JSON object (the full report); --report writes report.json + report.html.
// A metric the data leaves undefined (sensitivity with no PNEUMONIA images...) reads n/a (JSON
// null) with a warning. Every file left out is listed on stderr, failed or skipped with why; as
// for score, exit 1 when a labelled file failed (the figures are still printed). The bracketed 95%
// intervals count patients (evaluation-intervals.ts); with fewer than 20 patients in a class a
// small-sample warning sits in the figures' block (exit code unchanged).
// --models A,B evaluates each on the same folder in turn: one block per model, then a comparison
// table (--json: an array of reports; --report: DIR/<model id>/). --keep stores each evaluation's
// figures on its model's card (shipped models' cards are read-only: refused, exit 1).
import { basename, isAbsolute, join, relative } from 'node:path';
import type { JobEnd } from '../../api/jobs';
import type { EvaluationReport, EvaluationSpec } from '../../api/training';
import { createEngine, sourceTreeDeps, type Engine } from '../../engine/index';
import { EXIT, UsageError } from '../cli-conventions';
import { defineCommand } from '../command';
import { comparisonTable, pairedLines } from '../evaluation-comparison';
import { etaText, progressLine } from '../progress-line';
import { exitCodeOf, runJob } from '../run-job';

const SPLITS = ['train', 'val', 'test', 'all'] as const;

export const command = defineCommand({
  name: 'evaluate',
  summary: 'measure a model on a labelled folder (metrics, ROC, calibration, report)',
  options: {
    data: { type: 'string', arg: 'DIR', required: true, help: 'labelled images: class folders, a Kermany root or an RSNA root' },
    model: { type: 'string', arg: 'ID|DIR', help: 'a stored model id or a model folder (default: the active model)' },
    models: { type: 'string', arg: 'A,B,...', help: 'several models, comma-separated: each evaluated on the same folder, then a comparison table' },
    keep: { type: 'boolean', help: "keep each evaluation's figures on its model's card (replaces an earlier one on the same folder)" },
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
    if (values.model && values.models) throw new UsageError('give --model or --models, not both');
    const models = values.models ? values.models.split(',').map((m) => m.trim()) : [values.model];
    if (models.some((m) => m === '')) throw new UsageError(`--models needs comma-separated model ids (got '${values.models}')`);
    const many = models.length > 1;
    const engine = createEngine(sourceTreeDeps());
    try {
      const reports: EvaluationReport[] = [];
      const jobIds: string[] = [];
      let code: number = EXIT.ok;
      for (const model of models) {
        if (many) process.stderr.write(`model ${model}:\n`);
        // One sub-folder per model, numbered: two model folders may share a base name.
        const reportDir = values.report && many ? join(values.report, `${models.indexOf(model) + 1}-${basename(model ?? 'active')}`) : values.report;
        const end = await evaluateOne(engine, { data: values.data, model, split, topK, reportDir }, many ? `${model}: ` : '');
        if (end.outcome !== 'done') {
          if (end.outcome === 'failed') console.error(`alveo evaluate: ${end.error}`);
          return exitCodeOf(end);
        }
        const r = end.result;
        reports.push(r);
        jobIds.push(end.jobId);
        // The job wrote report.json and report.html when asked.
        if (reportDir) process.stderr.write(`report: ${join(reportDir, 'report.html')}\n`);
        if (!values.json) process.stdout.write(`${many ? `== ${r.model.id} ==\n` : ''}${summary(r)}`);
        // In text the in-sample and small-sample warnings are in the figures' block (a `> results.txt` keeps them), not again here.
        process.stderr.write(leftOutLines(r, !values.json));
        if (r.failed.length > 0) code = EXIT.failed;
        if (values.keep) {
          try {
            await engine.keepEvaluation(end.jobId);
            process.stderr.write(`kept on the card of ${r.model.id}${r.overlap?.length ? ' (marked in-sample: the images overlap those it was fitted on)' : ' (independent)'}\n`);
          } catch (err) {
            console.error(`alveo evaluate: not kept: ${err instanceof Error ? err.message : String(err)}`);
            code = EXIT.failed;
          }
        }
      }
      // Each later model against the first, on the same images: the differences with paired intervals.
      const paired = many ? await engine.compareEvaluations(jobIds) : [];
      // --json keeps its one array: each later report carries its pairing with the first (pairedWithFirst).
      const withPairs = reports.map((r, i) => {
        const pair = i > 0 ? paired.find((p) => p.b === r.model.id) : undefined;
        return pair ? { ...r, pairedWithFirst: pair } : r;
      });
      // --models always prints an array (a script reads one shape however many it names); --model one object.
      if (values.json) process.stdout.write(`${JSON.stringify(values.models ? withPairs : reports[0])}\n`);
      else if (many) process.stdout.write(comparisonTable(reports) + pairedLines(paired));
      return code;
    } catch (err) {
      console.error(`alveo evaluate: ${err instanceof Error ? err.message : String(err)}`);
      return 1;
    } finally {
      await engine.dispose();
    }
  },
});

/** One evaluation job, its progress on one line (prefixed with the model when there are several). */
async function evaluateOne(engine: Engine, spec: EvaluationSpec, prefix: string): Promise<JobEnd<'evaluate'>> {
  const line = progressLine(5000);
  const t0 = Date.now();
  const end = await runJob(engine, 'evaluate', () => engine.startEvaluation(spec), {
    progress: ({ done, total }) => {
      const rate = done / Math.max(0.001, (Date.now() - t0) / 1000);
      line.update(`${prefix}evaluated ${done}/${total} (${rate.toFixed(1)} images/s${done < total ? etaText(((total - done) / rate) * 1000) : ''})`, done === total);
    },
    cancelling: 'cancelling',
  });
  line.end();
  return end;
}

/** 4 decimals, or n/a for a metric the data leaves undefined (NaN in the report). */
const f4 = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : 'n/a');
/** A 95% interval in brackets, where there is one. */
const ci = (i: { low: number; high: number } | undefined) => (i ? ` [${i.low.toFixed(3)}-${i.high.toFixed(3)}]` : '');

function summary(r: EvaluationReport): string {
  const { tp, fp, tn, fn } = r.confusion;
  const skipped = r.dataset.skipped;
  return [
    `model ${r.model.id} (${modelFacts(r.model).join(', ')}) on ${r.dataset.root} [${r.dataset.layout}, split ${r.dataset.split}]`,
    // Beside the figures they qualify: stderr alone is lost when stdout is saved to a file.
    ...inSummaryWarnings(r).map((w) => `warning: ${w}`),
    `n ${r.n} (${r.dataset.images.NORMAL} NORMAL, ${r.dataset.images.PNEUMONIA} PNEUMONIA)${r.failed.length ? `, ${r.failed.length} failed` : ''}${skipped ? `, ${skipped} skipped` : ''}`,
    `threshold ${r.threshold.toFixed(4)} (${r.thresholdRule})`,
    `accuracy ${f4(r.accuracy)}  sensitivity ${f4(r.sensitivity)}${ci(r.intervals?.sensitivity)}  specificity ${f4(r.specificity)}${ci(r.intervals?.specificity)}`,
    `precision (PPV) ${f4(r.precision)}${ci(r.intervals?.ppv)}  NPV ${f4(r.npv ?? NaN)}${ci(r.intervals?.npv)}  F1 ${f4(r.f1)}  ROC-AUC ${f4(r.auc)}${ci(r.intervals?.auc)}  PR-AUC ${f4(r.prAuc)}  ECE ${f4(r.calibration.ece)}`,
    ...(r.intervals ? [`(95% intervals in brackets: ${intervalsText(r.intervals)})`] : []),
    prevalenceNote(r),
    `confusion: TP ${tp}  FP ${fp}  TN ${tn}  FN ${fn}`,
    ...(r.dataset.duplicates ? [`${r.dataset.duplicates} duplicate ${r.dataset.duplicates === 1 ? 'copy' : 'copies'} not counted (one copy of each counts)`] : []),
    ...answeredLines(r),
    '',
  ].join('\n');
}

/** What fixes each image's score besides the input size: the weights, the temperature (when calibrated) and the views. */
function modelFacts(m: EvaluationReport['model']): string[] {
  return [
    `${m.inputSize} px`,
    ...(m.sha256 ? [`weights sha256 ${m.sha256.slice(0, 12)}…`] : []),
    ...(m.temperature !== undefined && m.temperature !== 1 ? [`temperature ${m.temperature.toFixed(3)}`] : []),
    ...(m.views !== undefined ? [`${m.views} view${m.views === 1 ? '' : 's'}${m.views > 1 ? ' averaged (TTA)' : ''}`] : []),
  ];
}

/** How the intervals were computed, from the report (older reports say less). */
function intervalsText(i: NonNullable<EvaluationReport['intervals']>): string {
  return i.description ?? `${i.replicates} resamplings of the ${i.patients} patients`;
}

/** The warnings that qualify the figures themselves: printed in their block, not again on stderr. */
function inSummaryWarnings(r: EvaluationReport): string[] {
  return [...(r.overlap ?? []), ...(r.intervals?.smallSample ? [r.intervals.smallSample] : [])];
}

/** PPV and NPV hold at this folder's share of PNEUMONIA only. */
function prevalenceNote(r: EvaluationReport): string {
  const share = r.n ? r.dataset.images.PNEUMONIA / r.n : NaN;
  return `(PPV and NPV depend on prevalence: here ${Number.isFinite(share) ? `${(share * 100).toFixed(1)}%` : 'n/a'} of the images are PNEUMONIA; they do not carry over to a population with another share)`;
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

/** Warnings (less the in-sample and small-sample ones when the figures' block shows them), images filed under both labels, images the app holds back, then every file left out (failed, then skipped) with why, paths relative to the dataset root. */
function leftOutLines(r: EvaluationReport, summaryShown: boolean): string {
  const inSample = new Set(summaryShown ? inSummaryWarnings(r) : []);
  const name = (file: string) => {
    const rel = relative(r.dataset.root, file);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
  };
  const lines = [
    ...(r.warnings ?? []).filter((w) => !inSample.has(w)).map((w) => `warning: ${w}`),
    ...(r.conflicts ?? []).map((g) => `both labels (not counted): ${g.map(name).join(' = ')}`),
    ...(r.heldBack ?? []).map((h) => `held back: ${name(h.file)}: ${h.warnings.join(' ')}`),
    ...r.failed.map((f) => `failed: ${name(f.file)}: ${f.reason}`),
    ...(r.skipped ?? []).map((s) => `skipped: ${name(s.file)}: ${s.reason}`),
  ];
  return lines.length ? `${lines.join('\n')}\n` : '';
}
