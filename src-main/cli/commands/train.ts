// alveo train --data DIR [--base MODEL] [--epochs N] [--size PX] [--batch N] [--out NAME]
// Trains a new model version in a worker thread: progress on stderr, then the new model against
// its parent on the same validation images, the new model id last on stdout. Ctrl-C (or SIGTERM,
// SIGHUP) stops at the next batch end (the run is discarded unless --keep-on-cancel); a second
// one quits at once.
// The active model is never changed.
import type { ComparedModel, TrainingOptions } from '../../api/training';
import { createEngine, sourceTreeDeps } from '../../engine/index';
import { formatClock, formatEpoch } from '../../engine/training/progress-text';
import { defineCommand } from '../command';
import { etaText, progressLine } from '../progress-line';
import { runJob } from '../run-job';
import { stoppedExitCode } from '../on-stop-request';

export const command = defineCommand({
  name: 'train',
  summary: 'train a new model version on a labelled folder',
  options: {
    data: { type: 'string', arg: 'DIR', required: true, help: 'labelled images: NORMAL/ and PNEUMONIA/ sub-folders (or a Kermany root)' },
    base: { type: 'string', arg: 'MODEL|scratch', help: 'the model to fine-tune, or scratch for random weights (default: the active model)' },
    epochs: { type: 'string', arg: 'N', help: 'at most N epochs; early stopping may end sooner (default: 10)' },
    size: { type: 'string', arg: 'PX', help: "input side in pixels, a multiple of 32 (default: the base model's, else 224)" },
    batch: { type: 'string', arg: 'N', help: 'images per batch (default: 16)' },
    out: { type: 'string', arg: 'NAME', help: 'name (and id) of the new model version (default: made from the base)' },
    lr: { type: 'string', arg: 'X', help: 'learning rate (default: 0.001)' },
    seed: { type: 'string', arg: 'N', help: 'random seed for the split and augmentation (default: 42)' },
    'val-fraction': { type: 'string', arg: 'F', help: 'share of each class\'s images held out for validation, whole patients at a time (default: 0.15)' },
    'no-augment': { type: 'boolean', help: 'train on the images as they are, without random augmentation' },
    'max-batches': { type: 'string', arg: 'N', help: 'stop each epoch after N batches, for quick trials (default: 0, all)' },
    'keep-on-cancel': { type: 'boolean', help: 'on Ctrl-C or SIGTERM keep the best checkpoint so far as a model (default: discard the run)' },
    json: { type: 'boolean', help: 'print the result as one JSON line (else the new model id alone)' },
  },
  async run({ values }) {
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
      const end = await runJob(engine, 'train', () => engine.startTraining({ data: values.data, base: values.base, name: values.out, options, onCancel: keep ? 'keep' : 'discard' }), {
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
        return stoppedExitCode();
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
});

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
