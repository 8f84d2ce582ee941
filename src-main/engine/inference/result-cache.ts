// Scores already computed, keyed on file content (sha256) + model id + the model folder's
// modification time, so re-scoring a folder with the same model is instant and a retrained or
// replaced model never reuses stale answers. One JSON file per model under <userDir>/cache/scores.
// The cache holds the DICOM attributes shown in the worklist, so it is written owner-only (0600).
//
// It is only a speed-up: a cache that cannot be read or saved never fails a batch, it becomes a
// note (naming the file and why) in the batch's result. Each save merges with what is on the disk
// at that moment, so runs sharing a user folder keep each other's scores; and it keeps at most
// MAX_CACHE_ENTRIES, the most recently scored or used.
import { createHash } from 'node:crypto';
import { mkdir, open, readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ModelEntry } from '../../api/contract';
import { AlveoError } from '../../api/errors';
import { DEFAULT_SITE_POLICY, type SitePolicy } from '../../api/site-policy';
import { replaceAtomically, sweepDeadTemporaries } from '../files/atomic-files';
import { errnoInWords } from '../files/errno-in-words';
import { withFileLock } from '../files/file-lock';
import { GUARDRAIL_RULES_VERSION } from '../guardrails/rules-version';
import { openRegularFile } from '../files/regular-file';
import { ABSENT, currentIdentity, fileIdentity, readCacheFile, type CacheFile, type CachedScore } from './result-cache-file';

export type { CachedScore } from './result-cache-file';

// 2: rows carry the intended-use guardrail warnings (issue 7); older entries lack them.
// 3: rows carry the character-set notes of their names (review 41 F13); older entries lack them.
const VERSION = 3;

// Entries run ~1.2 kB each with DICOM attributes (a real 490k-entry cache was 563 MB), so 50 000
// is ~60 MB: read in well under a second and rewritten every few seconds of a batch without
// hurting it, and far from V8's ~512 MB string limit that made a bigger cache unreadable.
export const MAX_CACHE_ENTRIES = 50_000;

export function sha256Bytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  // Through the handle openRegularFile checked: a study swapped for a named pipe is refused, not waited on.
  const handle = await openRegularFile(file, 'BAD_ARGUMENT');
  try {
    for await (const chunk of handle.createReadStream({ autoClose: false })) hash.update(chunk as Buffer);
  } finally {
    await handle.close();
  }
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

/** The cache file of a model's scores, served or made another way (`variant`). */
export function resultCacheFile(userDir: string, modelId: string, variant?: 'one-view'): string {
  // A sub-folder per variant: any suffix on the file name could be another model's id.
  return join(userDir, 'cache', 'scores', ...(variant ? [variant] : []), `${modelId.replace(/[^A-Za-z0-9._-]/g, '_')}.json`);
}

/** Every cache file a model may have: removed with the model (a full DICOM cache is ~60 MB). */
export function resultCacheFiles(userDir: string, modelId: string): string[] {
  return [resultCacheFile(userDir, modelId), resultCacheFile(userDir, modelId, 'one-view')];
}

export interface ResultCacheOptions {
  /** At most this many entries are kept (default MAX_CACHE_ENTRIES). */
  maxEntries?: number;
}

type Header = Omit<CacheFile, 'entries'>;

export class ResultCache {
  private dirty = false;
  /** Saving stopped: the file could not be read (must not be overwritten) or a save failed (said once). */
  private saveOff = false;
  /** Scored or used by this instance since its last save, oldest first: what a save adds to the disk's entries. */
  private readonly touched = new Map<string, CachedScore>();
  private readonly problems: string[] = [];

  private constructor(
    readonly file: string,
    private readonly header: Header,
    /** Every entry, oldest first. */
    private entries: Map<string, CachedScore>,
    /** The version of the file `entries` reflect: when the disk still has it, a save need not re-read it. */
    private seen: string,
    private readonly maxEntries: number,
  ) {}

  /**
   * variant: scores of the same model made another way ('one-view': without its test-time views), kept apart.
   * policy: the site policy the rows' warnings follow; a cache made under another one starts afresh.
   */
  static async open(
    userDir: string,
    model: ModelEntry,
    variant?: 'one-view',
    policy: SitePolicy = DEFAULT_SITE_POLICY,
    opts: ResultCacheOptions = {},
  ): Promise<ResultCache> {
    const file = resultCacheFile(userDir, model.id, variant);
    const header: Header = { version: VERSION, modelId: model.id, modelStamp: await modelStamp(model.dir), ageUnknown: policy.ageUnknown, rules: GUARDRAIL_RULES_VERSION };
    // Half-written saves of a process killed mid-save (SIGTERM, power cut) would pile up otherwise.
    await sweepDeadTemporaries(dirname(file)).catch(() => undefined);
    const read = await readCacheFile(file);
    const cache = new ResultCache(file, header, new Map(), read.kind === 'absent' || read.kind === 'read' ? read.identity : ABSENT, Math.max(1, opts.maxEntries ?? MAX_CACHE_ENTRIES));
    if (read.kind === 'read' && sameHeader(read.data, header)) cache.entries = new Map(Object.entries(read.data.entries));
    if (read.kind === 'set-aside' || read.kind === 'unreadable') cache.note(read.note);
    if (read.kind === 'unreadable') cache.saveOff = true;
    return cache;
  }

  /** What went wrong reading or saving the cache, each said once, naming the file: for the batch's result. */
  get notes(): readonly string[] {
    return this.problems;
  }

  get size(): number {
    return this.entries.size;
  }

  get(contentHash: string): CachedScore | undefined {
    const hit = this.entries.get(contentHash);
    if (!hit) return undefined;
    this.touch(contentHash, hit); // used: the last to be evicted
    const { at: _at, ...score } = hit; // the score as it was made (rows are built from it)
    return score;
  }

  set(contentHash: string, score: CachedScore): void {
    this.touch(contentHash, score);
  }

  /** Writes the cache, merged with what is on the disk now. Never throws: a failure becomes a note and stops saving. */
  async save(): Promise<void> {
    if (!this.dirty || this.saveOff) return;
    this.dirty = false;
    try {
      // The lock's folder first (a cleared cache has none).
      await mkdir(dirname(this.file), { recursive: true });
      // Read, merge and rename as one step among processes sharing the folder: another's save between
      // our read and our rename would be overwritten, and its entries, already saved for it, lost.
      await withFileLock(this.file, () => this.saveNow());
    } catch (err) {
      this.saveOff = true; // one warning, not one per checkpoint; this run's rows are unaffected
      if (err instanceof CacheUnreadable) this.note(err.message);
      else this.note(`the result cache ${this.file} could not be saved (${causeInWords(err)}): this run's scores are complete, but they will be computed again next time`);
    }
  }

  /** save()'s work, under the file's lock: only file work here, so another process waits briefly. */
  private async saveNow(): Promise<void> {
    // What this save writes of ours: entries touched while it waits or writes stay for the next one.
    const saving = new Map(this.touched);
    const merged = await this.mergedWithDisk();
    // Map order is oldest first: drop from the front.
    for (const key of merged.keys()) {
      if (merged.size <= this.maxEntries) break;
      merged.delete(key);
    }
    const data: CacheFile = { ...this.header, version: VERSION, entries: Object.fromEntries(merged) };
    const text = JSON.stringify(data);
    let written = ABSENT;
    await replaceAtomically(this.file, async (tmp) => {
      // 'wx': the temporary name is ours alone; owner-only from creation.
      const handle = await open(tmp, 'wx', 0o600);
      try {
        await handle.writeFile(text);
        // Taken before the rename (which keeps inode and mtime): a stat after it could see a
        // concurrent writer's file and take it for ours.
        written = fileIdentity(await handle.stat());
      } finally {
        await handle.close();
      }
    });
    for (const [key, score] of saving) if (this.touched.get(key) === score) this.touched.delete(key);
    for (const [key, score] of this.touched) {
      merged.delete(key);
      merged.set(key, score);
    }
    this.entries = merged;
    this.seen = written;
  }

  private touch(key: string, score: CachedScore): void {
    const stamped = { ...score, at: Date.now() };
    this.entries.delete(key);
    this.entries.set(key, stamped);
    this.touched.delete(key);
    this.touched.set(key, stamped);
    this.dirty = true;
  }

  /** The disk's entries (re-read when another process saved since), then this instance's, newest last. */
  private async mergedWithDisk(): Promise<Map<string, CachedScore>> {
    let base: Map<string, CachedScore>;
    if ((await currentIdentity(this.file)) === this.seen) base = new Map(this.entries);
    else {
      const read = await readCacheFile(this.file);
      if (read.kind === 'unreadable') throw new CacheUnreadable(read.note);
      if (read.kind === 'set-aside') this.note(read.note);
      // Absent (cleared), damaged, or made for another model version or policy: only ours go in.
      base = read.kind === 'read' && sameHeader(read.data, this.header) ? new Map(Object.entries(read.data.entries)) : new Map();
    }
    for (const [key, score] of this.touched) {
      base.delete(key);
      base.set(key, score);
    }
    return base;
  }

  private note(text: string): void {
    if (!this.problems.includes(text)) this.problems.push(text);
  }
}

/** The file became unreadable between loading and saving: not to be overwritten. */
class CacheUnreadable extends Error {}

function sameHeader(data: CacheFile, header: Header): boolean {
  const policy = data.ageUnknown ?? DEFAULT_SITE_POLICY.ageUnknown;
  // Warnings made under other guardrail rules (or before the rules were numbered) are not served.
  return data.version === header.version && data.modelId === header.modelId && data.modelStamp === header.modelStamp && policy === header.ageUnknown && data.rules === header.rules;
}

function causeInWords(err: unknown): string {
  // The lock held too long by another process: its message says which lock and what to do.
  if (err instanceof AlveoError) return err.message;
  const code = (err as NodeJS.ErrnoException | null)?.code;
  // mkdir of the cache folder where a file of that name stands.
  if (code === 'ENOTDIR' || code === 'EEXIST') return `a file is in the way of its folder, ${code}`;
  return errnoInWords(err);
}
