// Scores already computed, keyed on file content (sha256) + model id + the model folder's
// modification time, so re-scoring a folder with the same model is instant and a retrained or
// replaced model never reuses stale answers. One JSON file per model under <userDir>/cache/scores.
// The cache holds the DICOM attributes shown in the worklist, so it is written owner-only (0600).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Label, ModelEntry } from '../../api/contract';
import { DEFAULT_SITE_POLICY, type AgeUnknownPolicy, type SitePolicy } from '../../api/site-policy';
import { writeFileAtomic } from '../atomic-files';

export interface CachedScore {
  probability: number;
  label: Label;
  threshold: number;
  warnings: string[];
  attributes: Record<string, string>;
}

interface CacheFile {
  version: 2;
  modelId: string;
  modelStamp: number;
  /** The site policy the warnings were made under (site-policy.ts); absent in older files: the default. */
  ageUnknown?: AgeUnknownPolicy;
  entries: Record<string, CachedScore>;
}

// 2: rows carry the intended-use guardrail warnings (issue 7); older entries lack them.
const VERSION = 2;

export function sha256Bytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Newest mtime of the model folder and the files directly in it (weights, card). */
export async function modelStamp(dir: string): Promise<number> {
  let newest = (await stat(dir)).mtimeMs;
  for (const name of await readdir(dir)) {
    const s = await stat(join(dir, name)).catch(() => null);
    if (s && s.mtimeMs > newest) newest = s.mtimeMs;
  }
  return newest;
}

export class ResultCache {
  private dirty = false;

  private constructor(
    readonly file: string,
    private data: CacheFile,
  ) {}

  /**
   * variant: scores of the same model made another way ('one-view': without its test-time views), kept apart.
   * policy: the site policy the rows' warnings follow; a cache made under another one starts afresh.
   */
  static async open(userDir: string, model: ModelEntry, variant?: 'one-view', policy: SitePolicy = DEFAULT_SITE_POLICY): Promise<ResultCache> {
    // A sub-folder per variant: any suffix on the file name could be another model's id.
    const file = join(userDir, 'cache', 'scores', ...(variant ? [variant] : []), `${model.id.replace(/[^A-Za-z0-9._-]/g, '_')}.json`);
    const stamp = await modelStamp(model.dir);
    const fresh: CacheFile = { version: VERSION, modelId: model.id, modelStamp: stamp, ageUnknown: policy.ageUnknown, entries: {} };
    try {
      const old = JSON.parse(await readFile(file, 'utf8')) as CacheFile;
      const samePolicy = (old.ageUnknown ?? DEFAULT_SITE_POLICY.ageUnknown) === policy.ageUnknown;
      const valid = old.version === VERSION && old.modelId === model.id && old.modelStamp === stamp && samePolicy && typeof old.entries === 'object';
      return new ResultCache(file, valid ? old : fresh);
    } catch {
      return new ResultCache(file, fresh); // absent or unreadable: start empty
    }
  }

  get size(): number {
    return Object.keys(this.data.entries).length;
  }

  get(contentHash: string): CachedScore | undefined {
    return this.data.entries[contentHash];
  }

  set(contentHash: string, score: CachedScore): void {
    this.data.entries[contentHash] = score;
    this.dirty = true;
  }

  async save(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    await writeFileAtomic(this.file, JSON.stringify(this.data), 0o600);
  }
}
