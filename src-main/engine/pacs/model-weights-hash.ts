// The sha256 a result names its model by: model.json and every weight file it lists, in order,
// so two models with the same id but other weights are told apart.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MODEL_JSON, readModelJson, weightFiles } from '../model/model-files';

const cache = new Map<string, Promise<string>>();

async function hashModel(dir: string): Promise<string> {
  const hash = createHash('sha256');
  hash.update(await readFile(join(dir, MODEL_JSON)));
  for (const f of weightFiles(await readModelJson(dir))) hash.update(await readFile(join(dir, f)));
  return hash.digest('hex');
}

/** Hex sha256 of the model's weights; computed once per folder per process. */
export function modelWeightsSha256(dir: string): Promise<string> {
  let p = cache.get(dir);
  if (!p) {
    p = hashModel(dir);
    cache.set(dir, p);
    p.catch(() => cache.delete(dir));
  }
  return p;
}
