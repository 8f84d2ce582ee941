// Where a write to a path really goes, decided before anything is written: the one rule behind
// writeFileAtomic and the CLI's checks before a run. A regular file (or nothing) is replaced
// atomically; a link is followed to its target; a pipe, a device, or the kernel's links to an open
// file (/dev/stdout, /proc/self/fd/1) are written through, as a shell's '>' would (review 35 F1: as
// root, `--csv /dev/null` replaced the machine's /dev/null). A link or pipe another user planted in a
// shared folder (/tmp) is refused, as Linux's protected_symlinks and protected_fifos refuse a
// shell's '>' (review 38 F1); a link into a folder that does not exist makes no folders.
import type { Stats } from 'node:fs';
import { lstat, readlink, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

export type WriteTarget =
  /** Nothing there, or a regular file: written beside it and renamed over it. */
  | { kind: 'replace'; path: string }
  /** A pipe, a device, an open file's link: opened and written to, never replaced. */
  | { kind: 'straight'; path: string }
  | { kind: 'refused'; why: string; code: string };

const MAX_LINKS = 8;

/** The kernel's names for an open file: whatever they point at is written through, never replaced. */
const OPEN_FILE_LINK = /^\/(dev\/(stdout|stderr|fd\/\d+)|proc\/(self|\d+)\/fd\/\d+)$/;

/**
 * In a sticky folder anyone may write (/tmp), an entry that is neither the writer's nor the folder
 * owner's was put there by another user: following it would hand them the rows or the file.
 */
async function plantedByAnother(path: string, entry: Stats): Promise<boolean> {
  const uid = process.geteuid?.();
  if (uid === undefined || process.platform === 'win32') return false;
  const folder = await stat(dirname(path)).catch(() => null);
  if (!folder || (folder.mode & 0o1002) !== 0o1002) return false;
  return entry.uid !== uid && entry.uid !== folder.uid;
}

export async function writeTarget(file: string): Promise<WriteTarget> {
  let path = resolve(file);
  for (let hops = 0; ; hops++) {
    const here = await lstat(path).catch(() => null);
    if (!here) {
      // A link's target not made yet: written where the link points, but no folders made on the way.
      if (hops > 0 && !(await stat(dirname(path)).catch(() => null))?.isDirectory()) {
        return { kind: 'refused', why: `it is a link into ${dirname(path)}, which does not exist`, code: 'ENOENT' };
      }
      return { kind: 'replace', path };
    }
    if (here.isDirectory()) return { kind: 'refused', why: 'it is a folder', code: 'EISDIR' };
    if (here.isSymbolicLink()) {
      if (await plantedByAnother(path, here)) return { kind: 'refused', why: 'it is a link another user made in a shared folder', code: 'EACCES' };
      if (OPEN_FILE_LINK.test(path)) return { kind: 'straight', path };
      const through = await stat(path).catch(() => null);
      if (through && !through.isFile() && !through.isDirectory()) return { kind: 'straight', path };
      if (hops >= MAX_LINKS) return { kind: 'refused', why: 'a loop of symbolic links', code: 'ELOOP' };
      path = resolve(dirname(path), await readlink(path));
      continue;
    }
    if (!here.isFile()) {
      if (await plantedByAnother(path, here)) return { kind: 'refused', why: 'it is a pipe or device another user made in a shared folder', code: 'EACCES' };
      return { kind: 'straight', path };
    }
    return { kind: 'replace', path };
  }
}
