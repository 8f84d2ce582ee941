// Loads a stored model once per folder (and version of its files) and derives what inference and
// Grad-CAM need: a two-output model [layer4_out, prob] sharing the weights, and the fc head.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
import type { ModelEntry } from '../../api/contract';
import { AlveoError } from '../../api/errors';
import type { ModelCard } from '../../api/model-card';
import { loadLayersModelFrom, MODEL_JSON } from './model-files';
import type { Tf } from './tf-backend';

export interface LoadedModel {
  entry: ModelEntry;
  card: ModelCard;
  model: LayersModel;
  /** Same weights as `model`; outputs [layer4_out [N,S/32,S/32,512], prob [N,1]]. */
  camModel: LayersModel;
  /** fc kernel as a flat vector (512 for ResNet18) and its bias: logit = mean(features) . w + b. */
  fcWeights: Float32Array;
  fcBias: number;
}

const cache = new Map<string, Promise<LoadedModel>>();

function cacheKey(entry: ModelEntry): string {
  // mtime of model.json: a model saved again under the same id is a new version.
  const mtime = statSync(join(entry.dir, MODEL_JSON), { throwIfNoEntry: false })?.mtimeMs ?? 0;
  return `${entry.id}|${entry.dir}|${mtime}`;
}

export async function loadModel(tf: Tf, entry: ModelEntry): Promise<LoadedModel> {
  const key = cacheKey(entry);
  let p = cache.get(key);
  if (!p) {
    p = load(tf, entry);
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  const loaded = await p;
  // The entry's mutable fields (active flag, card name) follow the caller's view.
  return { ...loaded, entry, card: entry.card };
}

/** Disposes cached models (all, or those of one id), e.g. after deleting a model. */
export async function unloadModel(id?: string): Promise<void> {
  for (const [key, p] of [...cache]) {
    if (id !== undefined && !key.startsWith(`${id}|`)) continue;
    cache.delete(key);
    const loaded = await p.catch(() => null);
    loaded?.model.dispose(); // camModel shares the same layers and weights
  }
}

async function load(tf: Tf, entry: ModelEntry): Promise<LoadedModel> {
  const file = join(entry.dir, MODEL_JSON);
  let model: LayersModel;
  try {
    model = await loadLayersModelFrom(tf, entry.dir);
  } catch (err) {
    if (err instanceof AlveoError) throw err;
    throw new AlveoError('CORRUPT', `cannot load the model (${(err as Error).message})`, file);
  }
  try {
    const loaded = derive(tf, entry, model, file);
    warmUp(tf, loaded);
    return loaded;
  } catch (err) {
    model.dispose();
    throw err;
  }
}

/**
 * One prediction on zeros: the wasm backend builds its XNNPACK operators on first use (hundreds of
 * ms for ResNet18), which otherwise lands on the user's first study. Both models share the layers.
 */
function warmUp(tf: Tf, loaded: LoadedModel): void {
  const s = loaded.card.inputSize;
  tf.tidy(() => {
    const out = loaded.camModel.predict(tf.zeros([1, s, s, 3]));
    (Array.isArray(out) ? out : [out]).forEach((t) => t.dataSync());
  });
}

/** Builds the LoadedModel view of an in-memory model (also used for freshly trained models). */
export function derive(tf: Tf, entry: ModelEntry, model: LayersModel, file = entry.dir): LoadedModel {
  const layer = (name: string) => {
    try {
      return model.getLayer(name);
    } catch {
      throw new AlveoError('UNSUPPORTED', `the model has no '${name}' layer (not an Alveo ResNet18)`, file);
    }
  };
  const features = layer('layer4_out').output as SymbolicTensor;
  const prob = layer('prob').output as SymbolicTensor;
  const fc = layer('fc');
  const shape = model.inputs[0].shape;
  if (shape[1] !== entry.card.inputSize || shape[2] !== entry.card.inputSize) {
    throw new AlveoError('CORRUPT', `card says input ${entry.card.inputSize}px but the model takes ${JSON.stringify(shape)}`, file);
  }
  const [kernel, bias] = fc.getWeights();
  if (!kernel || !bias || kernel.shape[1] !== 1) throw new AlveoError('UNSUPPORTED', "the 'fc' layer is not a 1-unit dense layer", file);
  const fcWeights = kernel.dataSync() as Float32Array;
  const fcBias = (bias.dataSync() as Float32Array)[0];
  const camModel = tf.model({ inputs: model.inputs, outputs: [features, prob], name: `${model.name}_cam` });
  return { entry, card: entry.card, model, camModel, fcWeights: Float32Array.from(fcWeights), fcBias };
}
