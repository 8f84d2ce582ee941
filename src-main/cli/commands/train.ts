// alveo train --data DIR [--base MODEL] [--epochs N] [--size PX] [--batch N] [--out NAME]
// Trains a new model version in a worker thread: progress on stderr, the new model id last on
// stdout. Ctrl-C stops at the next batch end (the run is discarded unless --keep-on-cancel); a
// second Ctrl-C quits at once. The active model is never changed.
import type { EngineEvent, JobProgress } from '../../api/events';
import type { TrainingOptions, TrainingResult } from '../../api/training';
import { sourceTreeDeps } from '../../engine/engine-deps';
import { JobRunner } from '../../engine/jobs/job-runner';
import { ModelStore } from '../../engine/model/model-store';
import { createTrainingApi } from '../../engine/training/training-api';
import type { CliCommand } from '../command';
import { parseCommandOptions } from '../parse-command-options';
import { formatClock, formatEpoch } from '../../engine/training/progress-text';

const USAGE =
  'train --data DIR [--base MODEL|scratch] [--epochs N] [--size PX] [--batch N] [--out NAME] [--lr X] [--seed N] [--val-fraction F] [--no-augment] [--max-batches N] [--keep-on-cancel]';

export const command: CliCommand = {
  usage: 'train --data DIR [--base MODEL] [--epochs N] [--size PX] [--batch N] [--out NAME]',
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

    const deps = sourceTreeDeps();
    const store = new ModelStore({ builtInDir: deps.builtInModelsDir, userDir: deps.userDir });
    let jobId: string | null = null;
    let ended: EngineEvent | null = null;
    let resolveEnd = () => {};
    const finished = new Promise<void>((r) => (resolveEnd = r));
    const print = progressPrinter();
    const runner = new JobRunner((e) => {
      if (e.jobId !== jobId) return;
      if (e.type === 'job:progress') print(e);
      else if (e.type === 'job:done' || e.type === 'job:error') {
        ended = e;
        resolveEnd();
      }
    });
    const api = createTrainingApi({ store, runner, deps }).methods;
    const before = new Set((await store.list()).map((m) => m.id));
    let cancelling = false;
    const onSigint = () => {
      if (cancelling || !jobId) process.exit(130);
      cancelling = true;
      const what = values['keep-on-cancel'] ? 'keeping the best checkpoint so far' : 'discarding the run';
      process.stderr.write(`\ncancelling at the end of the current batch, ${what} (Ctrl-C again to quit now)\n`);
      runner.cancel(jobId);
    };
    try {
      ({ jobId } = await api.startTraining({
        data: values.data,
        base: values.base,
        name: values.out,
        options,
        onCancel: values['keep-on-cancel'] ? 'keep' : 'discard',
      }));
      process.on('SIGINT', onSigint);
      await finished;
      const end = ended as EngineEvent | null;
      if (end?.type === 'job:error') {
        if (!end.cancelled) {
          console.error(`\nalveo train: ${end.error}`);
          return 1;
        }
        const kept = (await store.list()).filter((m) => !m.builtIn && !before.has(m.id));
        if (kept.length) {
          process.stderr.write(`cancelled: checkpoint saved as '${kept[0].id}'\n`);
          process.stdout.write(`${kept[0].id}\n`);
        } else process.stderr.write('cancelled: nothing saved\n');
        return 130;
      }
      const result = (end as { result: TrainingResult }).result;
      if (!result.modelId || !result.card) {
        console.error('\nalveo train: no model was saved');
        return 1;
      }
      const v = result.card.metrics?.validation;
      process.stderr.write(
        `\nsaved model '${result.modelId}' (${result.backend}, ${formatClock(result.ms)})\n` +
          `threshold ${result.card.threshold.value.toFixed(4)}: ${result.card.threshold.rule}\n` +
          (v ? `validation: AUC ${v.auc.toFixed(3)}, accuracy ${v.accuracy.toFixed(3)}, sensitivity ${v.sensitivity.toFixed(3)}, specificity ${v.specificity.toFixed(3)}\n` : '') +
          (result.failedImages.length ? `${result.failedImages.length} images could not be decoded and were left out\n` : ''),
      );
      process.stdout.write(`${result.modelId}\n`);
      return 0;
    } catch (err) {
      console.error(`alveo train: ${err instanceof Error ? err.message : String(err)}`);
      return 1;
    } finally {
      process.off('SIGINT', onSigint);
      await runner.dispose();
    }
  },
};

/** Epoch summaries always; otherwise one updating line on a terminal, or a line every 5 s. */
function progressPrinter(): (p: JobProgress) => void {
  const tty = process.stderr.isTTY;
  let last = 0;
  let lastStage = '';
  return (p) => {
    const t = p.training;
    if (t?.epochEnd) {
      process.stderr.write(`${tty ? '\r\x1b[K' : ''}${formatEpoch(t.epochEnd, t.epochs)}\n`);
      return;
    }
    const now = Date.now();
    const stage = t?.stage ?? '';
    if (!tty && stage === lastStage && now - last < 5000) return;
    last = now;
    lastStage = stage;
    const eta = p.etaMs !== null && p.etaMs !== undefined ? `, ETA ${formatClock(p.etaMs)}` : '';
    const line = `${p.message ?? ''}${eta}`;
    process.stderr.write(tty ? `\r\x1b[K${line}` : `${line}\n`);
  };
}
