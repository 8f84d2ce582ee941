// The body of a 'train' job (run in the training worker): the training run itself, then, when it
// stored a model and was not cancelled, the comparison with its parent on the same validation
// images, so the job's one result holds everything a door shows. The comparison's figures are also
// written into the new model's card, so the model manager can judge the model the same way later.
// Where ONNX Runtime serves, the engine runs the comparison on its own thread after the worker's
// run (compare: false here): sessions never go into worker threads (onnxruntime#20084).
import type { TrainingProgress, TrainingResult, TrainingSpec } from '../../api/training';
import { compareWithParent, type CompareEnv } from './compare-with-parent';
import { comparisonRecord } from './comparison-record';
import { fitFeatureGuardrail } from './fit-feature-guardrail';
import { runTraining, type TrainEnv } from './trainer';

export async function runTrainingJob(spec: TrainingSpec, env: TrainEnv, opts: { compare: boolean } = { compare: true }): Promise<TrainingResult> {
  const result = await runTraining(spec, env);
  return opts.compare ? compareTrainingResult(result, env) : result;
}

/** The comparison step alone: `env.runtimeFor` serves the models when given (ONNX Runtime). */
export async function compareTrainingResult(
  result: TrainingResult,
  env: Pick<TrainEnv, 'tf' | 'store' | 'backend' | 'signal' | 'progress'> & Pick<CompareEnv, 'runtimeFor'>,
): Promise<TrainingResult> {
  if (!result.modelId || result.cancelled || env.signal.aborted) return result;
  const epochs = result.options.epochs;
  const base: Omit<TrainingProgress, 'comparing'> = {
    stage: 'comparing',
    epoch: result.history.length,
    epochs,
    batch: 0,
    batches: 0,
    loss: null,
    learningRate: result.history.at(-1)?.learningRate ?? result.options.learningRate,
    imagesPerSecond: null,
    etaMs: null,
    backend: result.backend,
  };
  const comparison = await compareWithParent(result, {
    tf: env.tf,
    store: env.store,
    backend: env.backend,
    signal: env.signal,
    runtimeFor: env.runtimeFor,
    progress: (comparing) => {
      const m = comparing.models[comparing.index];
      const what = `comparing on the validation images: ${m.role === 'new' ? 'the new model' : `${m.role} model '${m.name}'`}`;
      env.progress({
        done: comparing.done,
        total: comparing.total,
        etaMs: null,
        message: comparing.total ? `${what} ${comparing.done}/${comparing.total}` : what,
        training: { ...base, comparing },
      });
    },
  });
  const record = comparisonRecord(comparison);
  // The unlike-training check needs a forward pass per image: only where ONNX Runtime serves.
  const guard = env.runtimeFor ? await featureGuardrailNote(result, result.modelId, env, base) : null;
  if (!record && !guard) return { ...result, comparison };
  const entry = await env.store.updateCard(result.modelId, (card) => ({
    ...card,
    ...(guard ? { notes: [...(card.notes ?? []), guard] } : {}),
    ...(record && card.training ? { training: { ...card.training, comparedWith: record } } : {}),
  }));
  return { ...result, card: entry.card, comparison };
}

async function featureGuardrailNote(
  result: TrainingResult,
  modelId: string,
  env: Pick<TrainEnv, 'store' | 'signal' | 'progress'> & Pick<CompareEnv, 'runtimeFor'>,
  base: Omit<TrainingProgress, 'comparing'>,
): Promise<string> {
  try {
    const entry = await env.store.get(modelId);
    // The real cause (damaged weights, a full disk) is kept: a guess would send the user the wrong way.
    let cause = '';
    const runtime = await env.runtimeFor?.(entry).catch((err: unknown) => {
      cause = ` (${err instanceof Error ? err.message : String(err)})`;
      return null;
    });
    if (!runtime) return `No unlike-training check: it is fitted on ONNX Runtime, which could not serve this model here${cause}.`;
    return await fitFeatureGuardrail(entry, runtime, { data: result.dataset.root, valFraction: result.options.valFraction, seed: result.options.seed }, env.signal, (done, total) =>
      env.progress({ done, total, etaMs: null, message: `fitting the unlike-training check ${done}/${total}`, training: base }),
    );
  } catch (err) {
    return `No unlike-training check: ${env.signal.aborted ? 'cancelled while it was being fitted' : `its fit failed (${err instanceof Error ? err.message : String(err)})`}.`;
  }
}
