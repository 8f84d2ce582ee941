// The web UI's folder chooser: one folder's sub-folders and files, folders first. Browsers cannot
// reveal paths, so the engine lists them; hidden entries are left out, long folders are capped.
import { readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, extname, join, parse, resolve } from 'node:path';
import type { DirectoryEntry, DirectoryListing } from '../../api/contract';
import { AlveoError } from '../../api/errors';
import { errnoInWords } from '../files/errno-in-words';

const IMAGE_EXTENSIONS = new Set(['.dcm', '.dicom', '.jpg', '.jpeg', '.png']);
export const MAX_LISTED = 5000;

function kindOf(name: string, isDir: boolean): DirectoryEntry['kind'] {
  if (isDir) return 'folder';
  const ext = extname(name).toLowerCase();
  // Extensionless files are often DICOM (e.g. DICOMDIR trees); the scorer checks their magic.
  return IMAGE_EXTENSIONS.has(ext) || ext === '' ? 'image' : 'file';
}

export async function listDirectory(path?: string | null): Promise<DirectoryListing> {
  const folder = resolve(path && path.trim() ? path.trim() : homedir());
  let dirents;
  try {
    const s = await stat(folder);
    if (!s.isDirectory()) throw new AlveoError('BAD_ARGUMENT', 'is a file, not a folder', folder);
    dirents = await readdir(folder, { withFileTypes: true });
  } catch (err) {
    if (err instanceof AlveoError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AlveoError('NOT_FOUND', 'no such folder', folder);
    throw new AlveoError('NOT_FOUND', `cannot read the folder (${errnoInWords(err)})`, folder);
  }
  const entries: DirectoryEntry[] = [];
  for (const d of dirents) {
    if (d.name.startsWith('.')) continue;
    let isDir = d.isDirectory();
    if (d.isSymbolicLink()) isDir = (await stat(join(folder, d.name)).catch(() => null))?.isDirectory() ?? false;
    else if (!d.isFile() && !isDir) continue; // sockets, devices, fifos
    entries.push({ name: d.name, path: join(folder, d.name), kind: kindOf(d.name, isDir) });
  }
  const rank = (e: DirectoryEntry) => (e.kind === 'folder' ? 0 : 1);
  entries.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: 'base' }));
  const parent = dirname(folder);
  return {
    path: folder,
    parent: parent === folder ? null : parent,
    entries: entries.slice(0, MAX_LISTED),
    images: entries.filter((e) => e.kind === 'image').length,
    truncated: entries.length > MAX_LISTED,
    roots: [...new Set([homedir(), parse(folder).root])],
  };
}
