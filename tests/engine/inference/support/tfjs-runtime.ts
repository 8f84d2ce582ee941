// In-memory test models (blob model, small ResNets) served through the same InferenceRuntime
// interface the engine uses, on tfjs: { runtime, card } is what predictStudy / scoreFiles take.
import type { ModelCard } from '../../../../src-main/api/model-card';
import type { LoadedModel } from '../../../../src-main/engine/model/load-model';
import type { Tf } from '../../../../src-main/engine/model/tf-backend';
import type { InferenceRuntime } from '../../../../src-main/engine/runtime/inference-runtime';
import { createTfjsRuntime } from '../../../../src-main/engine/runtime/tfjs-runtime';

export function tfjsRunner(tf: Tf, loaded: LoadedModel): { runtime: InferenceRuntime; card: ModelCard } {
  return { runtime: createTfjsRuntime(tf, loaded), card: loaded.card };
}

/** The same as arguments: predictStudy(...tfjsArgs(tf, loaded), study). */
export function tfjsArgs(tf: Tf, loaded: LoadedModel): [InferenceRuntime, ModelCard] {
  return [createTfjsRuntime(tf, loaded), loaded.card];
}
