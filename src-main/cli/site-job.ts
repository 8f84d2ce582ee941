// What alveo calibrate and alveo adapt share: the engine pieces, progress lines on stderr, Ctrl-C
// or SIGTERM to cancel (nothing is saved), a summary of before/after on stderr, and the new model id as the
// last line of stdout (after one JSON line with --json).
import type { AdaptProgressUpdate } from '../engine/training/adapt-progress';
import type { AdaptResult, CalibrationResult } from '../api/adaptation';
import { sourceTreeDeps, type EngineDeps } from '../engine/engine-deps';
import { ModelStore } from '../engine/model/model-store';
import { backendName, getTf, type Tf } from '../engine/model/tf-backend';
import { formatClock } from '../engine/training/progress-text';
import { inferenceRuntime } from '../engine/runtime/runtime-for-model';
import type { InferenceRuntime } from '../engine/runtime/inference-runtime';
import type { ModelEntry } from '../api/contract';
import { formatInterval } from '../engine/training/site-figures';
import { onStopRequest, stoppedExitCode } from './on-stop-request';
import { recordCliAction } from '../engine/audit/audit-log';
import { plainFields } from '../engine/audit/audited-engine';
import { engineVersion } from '../engine/engine-version';

export interface SiteJobCli {
  deps: EngineDeps;
  tf: Tf;
  store: ModelStore;
  signal: AbortSignal;
  progress(update: AdaptProgressUpdate): void;
  runtimeFor(entry: ModelEntry): Promise<InferenceRuntime>;
}

/** `asked`: what the command was asked (its data folder, model, options), for the audit trail's line. */
export async function runSiteJob<R extends CalibrationResult>(name: 'calibrate' | 'adapt', json: boolean, asked: Record<string, unknown>, body: (env: SiteJobCli) => Promise<R>): Promise<number> {
  const deps = sourceTreeDeps();
  // A model made (or refused) here changes what Alveo can answer: one line in the audit trail, as the app's jobs leave.
  const record = (outcome: 'done' | 'cancelled' | 'failed', details: Record<string, unknown>) =>
    recordCliAction(deps.userDir, engineVersion, name, { ...plainFields(asked), ...details }, outcome);
  const store = new ModelStore({ builtInDir: deps.builtInModelsDir, userDir: deps.userDir });
  const controller = new AbortController();
  const stopListening = onStopRequest({
    stop: (request) => {
      process.stderr.write(`\n${request.describe('cancelling: nothing will be saved')}\n`);
      controller.abort();
    },
  });
  try {
    const tf = await getTf(deps.backend ?? 'auto');
    // The engines that scored images, to name them in the summary (tfjs only trains and saves).
    const scoredOn = new Set<string>();
    const runtimeFor = async (entry: ModelEntry) => {
      const runtime = await inferenceRuntime(entry, { backend: deps.backend, tf: async () => tf });
      scoredOn.add(runtime.engine);
      return runtime;
    };
    const result = await body({ deps, tf, store, signal: controller.signal, progress: progressPrinter(), runtimeFor });
    const c = result.calibration;
    const engines = enginesText(result, [...scoredOn]);
    process.stderr.write(
      (result.reused
        ? `\nnothing new saved: '${result.modelId}' already holds this calibration of '${result.parent}' on these images (${engines}, ${formatClock(result.ms)})\n`
        : `\nsaved model '${result.modelId}' from '${result.parent}' (${engines}, ${formatClock(result.ms)})\n`) +
        `on ${c.fittedOn}:\n` +
        `  before: threshold ${c.before.threshold.toFixed(4)}, sensitivity ${formatInterval(c.before.sensitivity)}, specificity ${formatInterval(c.before.specificity)}, AUC ${c.before.auc.toFixed(3)}\n` +
        `  after:  threshold ${c.after.threshold.toFixed(4)}, temperature ${c.after.temperature.toFixed(3)}, sensitivity ${formatInterval(c.after.sensitivity)}, specificity ${formatInterval(c.after.specificity)}, AUC ${c.after.auc.toFixed(3)}\n` +
        c.notes.map((n) => `  note: ${n}\n`).join('') +
        (result.failed.length ? `${result.failed.length} images could not be decoded and were left out\n` : ''),
    );
    await record('done', { parent: result.parent, model: result.modelId, ...(result.reused ? { reused: true } : {}), fittedOn: c.fittedOn });
    if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
    process.stdout.write(`${result.modelId}\n`);
    return 0;
  } catch (err) {
    if (controller.signal.aborted) {
      await record('cancelled', {});
      process.stderr.write('cancelled: nothing saved\n');
      return stoppedExitCode();
    }
    const msg = err instanceof Error ? err.message : String(err);
    await record('failed', { error: msg });
    console.error(`alveo ${name}: ${msg}`);
    return 1;
  } finally {
    stopListening();
  }
}

/** Which engine did what: adaptation reads activations on the inference runtime and trains on tfjs; calibration only scores. */
function enginesText(result: CalibrationResult | AdaptResult, scoredOn: string[]): string {
  if ('adaptation' in result) return `activations on ${result.adaptation.featureEngine}, training on tfjs ${backendName()}`;
  return `scored on ${scoredOn.length ? scoredOn.join(' and ') : backendName()}`;
}

/** Epoch summaries always; otherwise one updating line on a terminal, or a line every 5 s. */
function progressPrinter(): (p: AdaptProgressUpdate) => void {
  const tty = process.stderr.isTTY;
  let last = 0;
  let lastStage = '';
  return (p) => {
    if (p.adapt.epochEnd) {
      process.stderr.write(`${tty ? '\r\x1b[K' : ''}${p.message ?? ''}\n`);
      return;
    }
    const now = Date.now();
    if (!tty && p.adapt.stage === lastStage && now - last < 5000) return;
    last = now;
    lastStage = p.adapt.stage;
    const eta = p.etaMs !== null ? `, ETA ${formatClock(p.etaMs)}` : '';
    const line = `${p.message ?? ''}${eta}`;
    process.stderr.write(tty ? `\r\x1b[K${line}` : `${line}\n`);
  };
}
