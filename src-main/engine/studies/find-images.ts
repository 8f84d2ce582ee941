// Image files in a folder: by extension (.dcm .dicom .jpg .jpeg .png), plus extensionless files
// (or any name) that carry the DICM magic. Hidden files and folders are skipped; result sorted.
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { AlveoError } from '../../api/errors';

const IMAGE_EXTENSIONS = new Set(['.dcm', '.dicom', '.jpg', '.jpeg', '.png']);
/** Extensions that are certainly not studies: skip without opening. */
const NEVER = new Set(['.txt', '.csv', '.json', '.md', '.tsv', '.xml', '.html', '.pdf', '.zip', '.gz', '.log', '.ini', '.exe', '.dll', '.bin']);

async function hasDicmMagic(file: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'r');
    const buf = Buffer.alloc(132);
    const { bytesRead } = await handle.read(buf, 0, 132, 0);
    return bytesRead === 132 && buf.toString('latin1', 128, 132) === 'DICM';
  } catch {
    return false;
  } finally {
    await handle?.close();
  }
}

export async function findImageFiles(folder: string, recursive: boolean): Promise<string[]> {
  const found: string[] = [];
  const seenDirs = new Set<string>(); // real paths: symlinked folders must not loop
  async function visit(dir: string, top: boolean): Promise<void> {
    const real = await realpath(dir).catch(() => dir);
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (!top) return; // unreadable sub-folder: skip it, keep the rest
      const code = (err as NodeJS.ErrnoException).code;
      throw new AlveoError(code === 'ENOENT' ? 'NOT_FOUND' : 'BAD_ARGUMENT', code === 'ENOTDIR' ? 'is not a folder' : `cannot read the folder (${code})`, dir);
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      // Symbolic links are followed (datasets are often assembled from links); broken ones skipped.
      const kind = entry.isSymbolicLink() ? await stat(path).catch(() => null) : entry;
      if (!kind) continue;
      if (kind.isDirectory()) {
        if (recursive) await visit(path, false);
        continue;
      }
      if (!kind.isFile()) continue;
      const ext = extname(entry.name).toLowerCase();
      if (IMAGE_EXTENSIONS.has(ext)) found.push(path);
      else if (!NEVER.has(ext) && (await hasDicmMagic(path))) found.push(path);
    }
  }
  await visit(folder, true);
  return found.sort();
}
