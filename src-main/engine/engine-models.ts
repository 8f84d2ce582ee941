// Which model answers: an explicit id or folder, else the active one. Loading is cached per id by
// loadModel; this only resolves the store entry and says plainly when there is none.
import type { ModelEntry } from '../api/contract';
import { AlveoError } from '../api/errors';
import { loadModel, type LoadedModel } from './model/load-model';
import type { ModelStore } from './model/model-store';
import type { Tf } from './model/tf-backend';

export async function resolveModelEntry(store: ModelStore, idOrDir?: string): Promise<ModelEntry> {
  if (idOrDir) return store.get(idOrDir);
  const active = await store.activeId();
  if (active) return store.get(active);
  const [first] = await store.list();
  if (!first) throw new AlveoError('NO_MODEL', 'no model is installed: add one to models/ or import one in the model manager');
  return first;
}

export async function resolveModel(tf: Tf, store: ModelStore, idOrDir?: string): Promise<LoadedModel> {
  return loadModel(tf, await resolveModelEntry(store, idOrDir));
}
