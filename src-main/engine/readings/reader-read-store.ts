// The readers' reads, one JSON file in the user folder (readings/reads.json), owner-only: it names
// images and studies. One record per reader and image (by content: sha256 and frame), so the same
// file opened from a PACS cache, a share or a copy finds its read, and two readers' reads of one
// image stand side by side. A withdrawn read stays as a marker: the image has been read (and its
// answer shown), which a later read must say. Every change is read-change-write under a lock (the
// app and the CLI share the folder) and written atomically.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReaderRead } from '../../api/reader-reads';
import { AlveoError } from '../../api/errors';
import { PRIVATE_FILE_MODE, writeJsonAtomic } from '../atomic-files';
import { withFileLock } from '../file-lock';

export interface StoredRead extends ReaderRead {
  /** sha256 of the file's bytes, ':' and the frame read (0-based). */
  key: string;
  /** Withdrawn by the reader ("Clear my read"): not a read any more, but the image was read. */
  withdrawn?: string;
}

// 2: one record per reader and image (1 had one per image), withdrawn markers, first reads.
const VERSION = 2;

export function readsFile(userDir: string): string {
  return join(userDir, 'readings', 'reads.json');
}

const same = (a: { key: string; reader: string }, key: string, reader: string) => a.key === key && a.reader === reader;

export class ReaderReadStore {
  private readonly file: string;

  constructor(userDir: string) {
    this.file = readsFile(userDir);
  }

  /** Every record, withdrawn ones included, oldest first; none when the file does not exist yet. */
  async all(): Promise<StoredRead[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new AlveoError('CORRUPT', `the reader's reads cannot be read (${(err as Error).message})`, this.file);
    }
    try {
      const parsed = JSON.parse(text) as { version?: unknown; reads?: unknown };
      if ((parsed.version !== 1 && parsed.version !== VERSION) || !Array.isArray(parsed.reads)) throw new Error(`not a version ${VERSION} reads file`);
      return parsed.reads as StoredRead[];
    } catch (err) {
      // Never overwritten: a damaged file holds records someone made; the error names it to mend or move.
      throw new AlveoError('CORRUPT', `the reader's reads file is damaged (${(err as Error).message}): move it away to start a new one`, this.file);
    }
  }

  /** The reader's record of an image, withdrawn or not. */
  async get(key: string, reader: string): Promise<StoredRead | null> {
    return (await this.all()).find((r) => same(r, key, reader)) ?? null;
  }

  /** Replaces the reader's record of the image with what `fn` makes of it (null: none yet). */
  async update(key: string, reader: string, fn: (existing: StoredRead | null) => StoredRead): Promise<StoredRead> {
    await mkdir(join(this.file, '..'), { recursive: true, mode: 0o700 });
    return withFileLock(this.file, async () => {
      const reads = await this.all();
      const next = fn(reads.find((r) => same(r, key, reader)) ?? null);
      await writeJsonAtomic(this.file, { version: VERSION, reads: [...reads.filter((r) => !same(r, key, reader)), next] }, { mode: PRIVATE_FILE_MODE });
      return next;
    });
  }
}
