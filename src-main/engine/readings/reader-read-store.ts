// The reader's reads, one JSON file in the user folder (readings/reads.json), owner-only: it names
// images and studies. Keyed by image content (sha256 and frame), so the same file opened from
// a PACS cache, a share or a copy finds its read. Every change is read-change-write under a lock
// (the app and the CLI share the folder) and written atomically: a read once recorded is not lost
// to a crash or to another writer.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReaderRead } from '../../api/reader-reads';
import { AlveoError } from '../../api/errors';
import { PRIVATE_FILE_MODE, writeJsonAtomic } from '../atomic-files';
import { withFileLock } from '../file-lock';

export interface StoredRead extends ReaderRead {
  /** sha256 of the file's bytes, ':' and the frame read (0-based). */
  key: string;
}

const VERSION = 1;

export function readsFile(userDir: string): string {
  return join(userDir, 'readings', 'reads.json');
}

export class ReaderReadStore {
  private readonly file: string;

  constructor(userDir: string) {
    this.file = readsFile(userDir);
  }

  /** Every read, oldest first; none when the file does not exist yet. */
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
      if (parsed.version !== VERSION || !Array.isArray(parsed.reads)) throw new Error(`not a version ${VERSION} reads file`);
      return parsed.reads as StoredRead[];
    } catch (err) {
      // Never overwritten: a damaged file holds records someone made; the error names it to mend or move.
      throw new AlveoError('CORRUPT', `the reader's reads file is damaged (${(err as Error).message}): move it away to start a new one`, this.file);
    }
  }

  async get(key: string): Promise<StoredRead | null> {
    return (await this.all()).find((r) => r.key === key) ?? null;
  }

  async put(read: StoredRead): Promise<void> {
    await this.change((reads) => [...reads.filter((r) => r.key !== read.key), read]);
  }

  async delete(key: string): Promise<void> {
    await this.change((reads) => reads.filter((r) => r.key !== key));
  }

  private async change(fn: (reads: StoredRead[]) => StoredRead[]): Promise<void> {
    await mkdir(join(this.file, '..'), { recursive: true, mode: 0o700 });
    await withFileLock(this.file, async () => {
      await writeJsonAtomic(this.file, { version: VERSION, reads: fn(await this.all()) }, { mode: PRIVATE_FILE_MODE });
    });
  }
}
