// Reads pooled from several user folders (`alveo reads --from`): a folder named twice (or by two
// paths to one place) counts once, and one reader's read of one image found in two folders (the
// same name on two workstations) counts once, the latest kept, each said; pooled twice, every
// figure would count its reads twice and its intervals would narrow for nothing.
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { ReaderReadStore, type StoredRead } from './reader-read-store';

export interface PooledReads {
  reads: StoredRead[];
  /** What was left out, in words, for stderr. */
  notes: string[];
}

const realPath = (dir: string) => {
  try {
    return realpathSync(dir);
  } catch {
    return resolve(dir);
  }
};

export async function pooledReads(homes: readonly string[]): Promise<PooledReads> {
  const notes: string[] = [];
  const seen = new Map<string, string>();
  const folders: string[] = [];
  for (const h of homes) {
    const real = realPath(h);
    const first = seen.get(real);
    if (first !== undefined) notes.push(`${h} is the same folder as ${first}: counted once`);
    else {
      seen.set(real, h);
      folders.push(h);
    }
  }
  const byReaderImage = new Map<string, StoredRead>();
  let twice = 0;
  for (const read of (await Promise.all(folders.map((h) => new ReaderReadStore(h).all()))).flat()) {
    // Withdrawn reads are markers, not reads.
    if (read.withdrawn) continue;
    const id = `${read.reader}\u0000${read.key}`;
    const other = byReaderImage.get(id);
    if (other) twice++;
    if (!other || read.at > other.at) byReaderImage.set(id, read);
  }
  if (twice) notes.push(`${twice} read(s) of the same image by the same reader name were found in two folders: the latest of each counted (two people sharing a name should each set "Reading as")`);
  return { reads: [...byReaderImage.values()], notes };
}
