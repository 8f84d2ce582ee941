// Whether two model folders hold the same model: the same weights byte for byte and the same card
// apart from its id and name (which an import or a rename may change) and local folders (which an
// export removes). A calibrated model shares its parent's weights but not its card: not the same.
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import type { ModelCard } from '../../api/model-card';
import { cardWithoutLocalPaths } from './card-without-local-paths';
import { MODEL_JSON, readModelJson, weightFiles } from './model-files';
import { readRegularFile } from '../files/regular-file';

function comparable(card: ModelCard): Omit<ModelCard, 'id' | 'name'> {
  // Kept evaluations are notes about a model, not part of it: a copy with others is the same model.
  const { id: _id, name: _name, evaluations: _evaluations, ...rest } = cardWithoutLocalPaths(card);
  return rest;
}

async function weightsDigest(dir: string): Promise<string> {
  const hash = createHash('sha256');
  for (const f of [MODEL_JSON, ...weightFiles(await readModelJson(dir))]) hash.update(f).update(await readRegularFile(join(dir, f)));
  return hash.digest('hex');
}

/** The same model.json and weight shards, byte for byte. */
export async function sameWeights(aDir: string, bDir: string): Promise<boolean> {
  return (await weightsDigest(aDir)) === (await weightsDigest(bDir));
}

/** Cards first (cheap); the weights are read only when the cards agree. */
export async function sameModel(a: { dir: string; card: ModelCard }, b: { dir: string; card: ModelCard }): Promise<boolean> {
  if (!isDeepStrictEqual(comparable(a.card), comparable(b.card))) return false;
  return sameWeights(a.dir, b.dir);
}
