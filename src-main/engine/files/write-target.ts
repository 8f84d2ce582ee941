// Where a write to a path really goes, decided before anything is written: the one rule behind
// writeFileAtomic and the CLI's checks before a run. A regular file (or nothing) is replaced
// atomically; a link is followed to its target; a pipe, a device, or the kernel's links to an open
// file (/dev/stdout, /proc/self/fd/1) are written through, as a shell's '>' would (review 35 F1: as
// root, `--csv /dev/null` replaced the machine's /dev/null). Every link on the way (in the folders
// too) and the final entry are checked as Linux's protected_symlinks and protected_fifos check a
// shell's '>': one another user planted in a shared folder (/tmp) is refused (reviews 38 F1, 39 F1).
// A link into a folder that does not exist makes no folders.
import type { Stats } from 'node:fs';
import { lstat, readlink, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';

export type WriteTarget =
  /** Nothing there, or a regular file: written beside it and renamed over it. */
  | { kind: 'replace'; path: string }
  /** A pipe, a device, an open file's link: opened and written to, never replaced. */
  | { kind: 'straight'; path: string }
  | { kind: 'refused'; why: string; code: string };

/** Links followed at most, as the kernel's own limit. */
const MAX_LINKS = 40;

/** The kernel's names for an open file: whatever they point at is written through, never replaced. */
const OPEN_FILE_LINK = /^\/(dev\/(stdout|stderr|fd\/\d+)|proc\/(self|\d+)\/fd\/\d+)$/;

const POSIX = process.platform !== 'win32';

/**
 * In a sticky folder anyone may write (/tmp), an entry that is neither the writer's nor the folder
 * owner's was put there by another user: following it would hand them the rows or the file.
 */
async function plantedByAnother(path: string, entry: Stats): Promise<boolean> {
  const uid = process.geteuid?.();
  if (uid === undefined || !POSIX) return false;
  const folder = await stat(dirname(path)).catch(() => null);
  if (!folder || (folder.mode & 0o1002) !== 0o1002) return false;
  return entry.uid !== uid && entry.uid !== folder.uid;
}

class Refused {
  constructor(
    readonly why: string,
    readonly code: string,
  ) {}
}

/**
 * `dir` with every link in it followed, one part at a time, each link checked for a plant; the
 * parts past the first that does not exist are kept as written.
 */
async function walkFolder(dir: string, budget: { links: number }): Promise<string> {
  if (!POSIX) return dir;
  const parts = dir.split(sep).filter(Boolean);
  let at: string = sep;
  while (parts.length) {
    const next = join(at, parts.shift() as string);
    const entry = await lstat(next).catch(() => null);
    if (!entry) return join(next, ...parts);
    if (entry.isSymbolicLink()) {
      if (await plantedByAnother(next, entry)) throw new Refused(`${next} is a link another user made in a shared folder`, 'EACCES');
      if (--budget.links < 0) throw new Refused('a loop of symbolic links', 'ELOOP');
      parts.unshift(...resolve(at, await readlink(next)).split(sep).filter(Boolean));
      at = sep;
      continue;
    }
    at = next;
  }
  return at;
}

export async function writeTarget(file: string): Promise<WriteTarget> {
  const budget = { links: MAX_LINKS };
  let path = resolve(file);
  try {
    for (let hops = 0; ; hops++) {
      if (OPEN_FILE_LINK.test(path)) return { kind: 'straight', path };
      path = join(await walkFolder(dirname(path), budget), basename(path));
      const here = await lstat(path).catch(() => null);
      if (!here) {
        // A link's target not made yet: written where the link points, but no folders made on the way.
        if (hops > 0 && !(await stat(dirname(path)).catch(() => null))?.isDirectory()) {
          return { kind: 'refused', why: `it is a link into ${dirname(path)}, which does not exist`, code: 'ENOENT' };
        }
        return { kind: 'replace', path };
      }
      if (here.isDirectory()) return { kind: 'refused', why: 'it is a folder', code: 'EISDIR' };
      const planted = await plantedByAnother(path, here);
      if (here.isSymbolicLink()) {
        if (planted) return { kind: 'refused', why: hops ? `it leads through ${path}, a link another user made in a shared folder` : 'it is a link another user made in a shared folder', code: 'EACCES' };
        if (--budget.links < 0) return { kind: 'refused', why: 'a loop of symbolic links', code: 'ELOOP' };
        path = resolve(dirname(path), await readlink(path));
        continue;
      }
      if (!here.isFile()) {
        if (planted) return { kind: 'refused', why: 'it is a pipe or device another user made in a shared folder', code: 'EACCES' };
        return { kind: 'straight', path };
      }
      // Renaming over another user's file in a sticky folder is refused by the system anyway (root
      // excepted): said now, before a run, not after every image is scored (review 39 F3).
      if (planted && process.geteuid?.() !== 0) return { kind: 'refused', why: `${path} is another user's file in a shared folder: choose another name`, code: 'EPERM' };
      return { kind: 'replace', path };
    }
  } catch (err) {
    if (err instanceof Refused) return { kind: 'refused', why: err.why, code: err.code };
    throw err;
  }
}
