// alveo train --data DIR [--base MODEL] [--epochs N] [--size PX] [--batch N] [--out NAME]
// Trains a new model version in a worker thread: progress on stderr, then the new model against
// its parent on the same validation images, the new model id last on stdout. Ctrl-C stops at the
// next batch end (the run is discarded unless --keep-on-cancel); a second Ctrl-C quits at once.
// The active model is never changed.
import type { ComparedModel, TrainingOptions } from '../../api/training';
import { createEngine, sourceTreeDeps } from '../../engine/index';
import { formatClock, formatEpoch } from '../../engine/training/progress-text';
import type { CliCommand } from '../command';
import { parseCommandOptions } from '../parse-command-options';
import { etaText, progressLine } from '../progress-line';
import { runJob } from '../run-job';

const USAGE =
  'train --data DIR [--base MODEL|scratch] [--epochs N] [--size PX] [--batch N] [--out NAME] [--lr X] [--seed N] [--val-fraction F] [--no-augment] [--max-batches N] [--keep-on-cancel] [--json]';

export const command: CliCommand = {
  usage: 'train --data DIR [--base MODEL] [--epochs N] [--size PX] [--batch N] [--out NAME] [--json]',
  summary: 'train a new model version on a labelled folder',
  async run(argv) {
    const values = parseCommandOptions(
      argv,
      {
        data: { type: 'string' },
        base: { type: 'string' },
        epochs: { type: 'string' },
        size: { type: 'string' },
        batch: { type: 'string' },
        out: { type: 'string' },
        lr: { type: 'string' },
        seed: { type: 'string' },
        'val-fraction': { type: 'string' },
        'no-augment': { type: 'boolean', default: false },
        'max-batches': { type: 'string' },
        'keep-on-cancel': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
      USAGE,
    );
    if (!values) return 2;
    if (!values.data) {
      console.error(`usage: alveo ${USAGE}`);
      return 2;
    }
    const options: Partial<TrainingOptions> = {};
    const num = (flag: string, v: string | undefined, key: keyof TrainingOptions) => {
      if (v === undefined) return true;
      const n = Number(v);
      if (!Number.isFinite(n)) {
        console.error(`alveo train: --${flag} must be a number (got '${v}')`);
        return false;
      }
      (options as Record<string, unknown>)[key] = n;
      return true;
    };
    const ok =
      num('epochs', values.epochs, 'epochs') &&
      num('size', values.size, 'inputSize') &&
      num('batch', values.batch, 'batchSize') &&
      num('lr', values.lr, 'learningRate') &&
      num('seed', values.seed, 'seed') &&
      num('val-fraction', values['val-fraction'], 'valFraction') &&
      num('max-batches', values['max-batches'], 'maxBatchesPerEpoch');
    if (!ok) return 2;
    if (values['no-augment']) options.augment = null;

    const keep = values['keep-on-cancel'];
    const engine = createEngine(sourceTreeDeps());
    const line = progressLine(5000);
    try {
      let lastStage = '';
      const end = await runJob(engine, 'train', () => engine.startTraining({ data: values.data as string, base: values.base, name: values.out, options, onCancel: keep ? 'keep' : 'discard' }), {
        progress: ({ training: t, message, etaMs }) => {
          if (t.epochEnd) return line.permanent(formatEpoch(t.epochEnd, t.epochs));
          line.update(`${message ?? ''}${etaText(etaMs)}`, t.stage !== lastStage);
          lastStage = t.stage;
        },
        cancelling: `cancelling at the end of the current batch, ${keep ? 'keeping the best checkpoint so far' : 'discarding the run'}`,
        cancelChoice: keep ? 'keep' : 'discard',
      });
      line.end();
      if (end.outcome === 'failed') {
        console.error(`\nalveo train: ${end.error}`);
        return 1;
      }
      if (end.outcome === 'cancelled') {
        const kept = end.result?.modelId;
        if (kept) {
          process.stderr.write(`cancelled: checkpoint saved as '${kept}'\n`);
          process.stdout.write(values.json ? `${JSON.stringify({ modelId: kept, cancelled: true })}\n` : `${kept}\n`);
        } else process.stderr.write('cancelled: nothing saved\n');
        return 130;
      }
      const result = end.result;
      if (!result.modelId || !result.card) {
        console.error('\nalveo train: no model was saved');
        return 1;
      }
      const v = result.card.metrics?.validation;
      process.stderr.write(
        `\nsaved model '${result.modelId}' (${result.backend}, ${formatClock(result.ms)})\n` +
          `threshold ${result.card.threshold.value.toFixed(4)}: ${result.card.threshold.rule}\n` +
          (v ? `validation: AUC ${v.auc.toFixed(3)}, accuracy ${v.accuracy.toFixed(3)}, sensitivity ${v.sensitivity.toFixed(3)}, specificity ${v.specificity.toFixed(3)}\n` : '') +
          (result.failedImages.length ? `${result.failedImages.length} images could not be decoded and were left out\n` : '') +
          comparisonText(result.comparison),
      );
      // --json: one line with the new model and how it compares; otherwise its id alone.
      process.stdout.write(
        values.json
          ? `${JSON.stringify({ modelId: result.modelId, cancelled: false, backend: result.backend, ms: result.ms, threshold: result.card.threshold.value, validation: v ?? null, failedImages: result.failedImages.length, comparison: result.comparison ?? null })}\n`
          : `${result.modelId}\n`,
      );
      return 0;
    } catch (err) {
      console.error(`alveo train: ${err instanceof Error ? err.message : String(err)}`);
      return 1;
    } finally {
      await engine.dispose();
    }
  },
};

/** The new model against its parent (or the active model) on the run's validation images. */
function comparisonText(models: ComparedModel[]): string {
  if (models.length === 0) return '';
  const rows = models.map((m) => {
    const who = m.role === 'new' ? `new    ${m.modelId}` : `${m.role.padEnd(6)} ${m.modelId}`;
    if (!m.report) return `  ${who}: not measured (${m.error ?? 'no report'})`;
    const r = m.report;
    return `  ${who}: AUC ${r.auc.toFixed(3)}, sensitivity ${r.sensitivity.toFixed(3)}, specificity ${r.specificity.toFixed(3)} at its threshold ${r.threshold.toFixed(3)}`;
  });
  const n = models.find((m) => m.report)?.report?.n ?? 0;
  return `compared on the same ${n} validation images:\n${rows.join('\n')}\n`;
}
