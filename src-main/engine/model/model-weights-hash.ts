// The sha256 a result names its model by: model.json and every weight file it lists, in order,
// so two models with the same id but other weights are told apart.
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MODEL_JSON, readModelJson, weightFiles } from './model-files';
import { readRegularFile } from '../files/regular-file';

const cache = new Map<string, Promise<string>>();

async function hashModel(dir: string): Promise<string> {
  const hash = createHash('sha256');
  hash.update(await readRegularFile(join(dir, MODEL_JSON)));
  for (const f of weightFiles(await readModelJson(dir))) hash.update(await readRegularFile(join(dir, f)));
  return hash.digest('hex');
}

/**
 * Hex sha256 of the model's weights; computed once per version of the folder's model.json (a model
 * deleted and another imported under the same id, in the same process, is hashed afresh).
 */
export async function modelWeightsSha256(dir: string): Promise<string> {
  const s = await stat(join(dir, MODEL_JSON));
  const key = `${dir}\0${s.ino}:${s.size}:${s.mtimeMs}`;
  let p = cache.get(key);
  if (!p) {
    for (const k of cache.keys()) if (k.startsWith(`${dir}\0`)) cache.delete(k);
    p = hashModel(dir);
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}
