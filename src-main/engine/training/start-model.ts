// Where a training run starts: a stored model (by id or folder), the active model, or scratch.
// The network is always built fresh at the run's input size and given the start's weights, so a
// model stored at one size can be fine-tuned at another (ResNet18's weights do not depend on it),
// and the stored (and possibly cached, in use) model is never touched. Its weights are checked
// against its reference outputs first (start-parity.ts).
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { ModelEntry } from '../../api/contract';
import { AlveoError } from '../../api/errors';
import { loadLayersModelFrom } from '../model/model-files';
import type { ModelStore } from '../model/model-store';
import { buildResNet18 } from '../model/resnet18';
import type { Tf } from '../model/tf-backend';
import { checkStartParity } from './start-parity';

/** Resolves the training start: null means from scratch. */
export async function resolveStart(store: ModelStore, base: string | undefined): Promise<ModelEntry | null> {
  if (base === 'scratch') return null;
  if (base === undefined || base === 'active') {
    const id = await store.activeId();
    if (!id) {
      if (base === 'active') throw new AlveoError('NO_MODEL', 'there is no active model to start from');
      return null;
    }
    const entry = await store.get(id);
    // An untrained placeholder is no better than scratch (and freezing its base would be wrong).
    return entry.card.trained || base === 'active' ? entry : null;
  }
  return store.get(base);
}

export async function buildStartModel(tf: Tf, start: ModelEntry | null, inputSize: number, seed: number): Promise<LayersModel> {
  const model = buildResNet18(tf, { inputSize, seed });
  if (!start) return model;
  let stored: LayersModel | null = null;
  try {
    stored = await loadLayersModelFrom(tf, start.dir);
    await checkStartParity(tf, start, stored);
    const from = stored.getWeights();
    const to = model.getWeights();
    const mismatch = from.length !== to.length || from.some((w, i) => w.shape.join('x') !== to[i].shape.join('x'));
    if (mismatch) throw new AlveoError('UNSUPPORTED', 'its weights do not fit Alveo ResNet18', start.dir);
    model.setWeights(from);
    return model;
  } catch (err) {
    model.dispose();
    if (err instanceof AlveoError) throw err;
    throw new AlveoError('CORRUPT', `cannot load the starting model (${(err as Error).message})`, start.dir);
  } finally {
    stored?.dispose();
  }
}
