// The last step of a training run: the new model and the model it should be judged against (its
// parent, or from scratch the active model), each evaluated on the run's own validation images, so
// every door shows the same comparison (the CLI prints it, the training panel tables it).
import type { ModelEntry } from '../../api/contract';
import type { ComparedModel, ComparedRole, ComparisonProgress, TrainingResult } from '../../api/training';
import { loadModel, unloadModel } from '../model/load-model';
import type { ModelStore } from '../model/model-store';
import type { Tf } from '../model/tf-backend';
import type { InferenceRuntime } from '../runtime/inference-runtime';
import { evaluateModel } from './evaluate';

export interface CompareEnv {
  tf: Tf;
  store: ModelStore;
  /** The engine named when a model is evaluated on tfjs. */
  backend: string;
  signal: AbortSignal;
  progress(p: ComparisonProgress): void;
  /**
   * The runtime serving a model (ONNX Runtime, on the engine's thread), when there is one: much
   * faster than tfjs wasm, above all for a parent with test-time views. Null: tfjs serves it.
   */
  runtimeFor?: (entry: ModelEntry) => Promise<InferenceRuntime | null>;
}

/** The models to compare: the new one, then its parent when stored, else the active model (if another). */
export async function comparedModels(store: ModelStore, newId: string): Promise<Array<{ role: ComparedRole; modelId: string; name: string }>> {
  const models = await store.list();
  const fresh = models.find((m) => m.id === newId);
  if (!fresh) return [];
  const parent = fresh.card.parent ? models.find((m) => m.id === fresh.card.parent) : undefined;
  const active = models.find((m) => m.active && m.id !== newId);
  const other = parent ? { role: 'parent' as const, entry: parent } : active ? { role: 'active' as const, entry: active } : null;
  return [
    { role: 'new', modelId: fresh.id, name: fresh.card.name },
    ...(other ? [{ role: other.role, modelId: other.entry.id, name: other.entry.card.name }] : []),
  ];
}

/** One after the other (they share the machine); a model that cannot be measured gets its reason. */
export async function compareWithParent(result: TrainingResult, env: CompareEnv): Promise<ComparedModel[]> {
  if (!result.modelId) return [];
  const models = await comparedModels(env.store, result.modelId);
  const out: ComparedModel[] = [];
  for (const [index, m] of models.entries()) {
    if (env.signal.aborted) {
      out.push({ ...m, report: null, error: 'cancelled' });
      continue;
    }
    env.progress({ models, index, done: 0, total: 0 });
    try {
      const entry = await env.store.get(m.modelId);
      const runtime = (await env.runtimeFor?.(entry).catch(() => null)) ?? undefined;
      const loaded = await loadModel(env.tf, entry);
      const report = await evaluateModel(
        env.tf,
        loaded,
        { data: result.dataset.root, model: m.modelId, validationSplit: { valFraction: result.options.valFraction, seed: result.options.seed }, topK: 12 },
        { backend: runtime?.engine ?? env.backend, runtime, signal: env.signal, progress: (done, total) => env.progress({ models, index, done, total }) },
      );
      out.push({ ...m, report, error: null });
    } catch (err) {
      out.push({ ...m, report: null, error: env.signal.aborted ? 'cancelled' : err instanceof Error ? err.message : String(err) });
    } finally {
      await unloadModel(m.modelId); // the worker keeps no weights it no longer needs
    }
  }
  return out;
}
