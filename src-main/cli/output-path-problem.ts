// Output paths are checked before the work (review 10r, items 3 and 9): a batch or a LIME run of
// minutes must not end in a write error, and the refusal names the path and the cause in plain
// words, not a Node error string ("EEXIST: file already exists, mkdir 'afile'").
import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { access, lstat, open, realpath, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { specialFileKind } from '../engine/studies/regular-file';
import { writeTarget } from '../engine/files/write-target';
import { errnoInWords } from '../engine/files/errno-in-words';

/** Kernel file systems: nothing can be created there, and Node's recursive mkdir spins for ever under /proc. */
const SYSTEM_ROOTS = ['/proc', '/sys'];

/** `kind`: 'folder', or what the path is instead ('a file', 'a named pipe'). */
type Nearest = { path: string; kind: string } | { problem: string };

/** What an existing non-folder is, in words. */
function kindOf(s: Stats): string {
  return s.isDirectory() ? 'folder' : (specialFileKind(s) ?? 'a file');
}

/**
 * The nearest path at or above `path` that exists: the path itself, or the folder a recursive mkdir
 * would start from. A broken link or a link loop on the way is a problem of its own.
 */
async function nearestExisting(path: string): Promise<Nearest> {
  let p = resolve(path);
  for (;;) {
    try {
      return { path: p, kind: kindOf(await stat(p)) };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') return { problem: `${p} is a loop of symbolic links` };
      if (code === 'ENOENT' && (await lstat(p).catch(() => null))?.isSymbolicLink()) return { problem: `${p} is a broken link (its target does not exist)` };
      // ENOENT: not made yet; ENOTDIR: a file on the way; EACCES: an unsearchable folder. The walk up finds which.
      const up = dirname(p);
      if (up === p) return { problem: `no part of ${path} exists` };
      p = up;
    }
  }
}

/**
 * Why no file can be created in the existing folder `dir`, or null. A probe file is made and removed
 * at once: access() says yes to root everywhere, and knows nothing of read-only mounts, ACLs or
 * network shares that map users.
 */
async function cannotCreateIn(dir: string): Promise<string | null> {
  const real = await realpath(dir).catch(() => dir);
  const system = SYSTEM_ROOTS.find((r) => real === r || real.startsWith(r + sep));
  if (system) return `${system} is a system folder of the kernel, where no files can be written`;
  const probe = join(dir, `.alveo-write-check-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await (await open(probe, 'wx', 0o600)).close();
  } catch (err) {
    return `cannot create files in ${dir} (${errnoInWords(err)})`;
  }
  await rm(probe, { force: true });
  return null;
}

/** Why `dir` (made when missing, with any missing parents) cannot take output files; null when it can. */
async function placeProblem(dir: string): Promise<string | null> {
  const found = await nearestExisting(dir);
  if ('problem' in found) return found.problem;
  if (found.kind !== 'folder') return `${found.path} is ${found.kind}, not a folder`;
  return cannotCreateIn(found.path);
}

/** For an output folder option (--dicom-out DIR): the refusal, naming the option and the path; null when fine. */
export async function outputFolderProblem(flag: string, dir: string): Promise<string | null> {
  const why = await placeProblem(dir);
  return why && `${flag} ${dir}: ${why}`;
}

/** For an output file option (--out PNG): the refusal, naming the option and the path; null when fine. */
export async function outputFileProblem(flag: string, file: string, example: string): Promise<string | null> {
  // Where the bytes will really go (write-target.ts): a link's target, a pipe or device written through.
  const target = await writeTarget(file);
  if (target.kind === 'refused') return target.code === 'EISDIR' ? `${flag} ${file} is a folder: give a file name such as ${example}` : `${flag} ${file}: ${target.why}`;
  if (target.kind === 'straight') return access(target.path, constants.W_OK).then(() => null, (err: unknown) => `${flag} ${file}: cannot write to it (${errnoInWords(err)})`);
  const why = await placeProblem(dirname(target.path));
  return why && `${flag} ${file}: ${why}`;
}

/** Why no file can be created in the existing folder `dir`, or null (for callers that never make folders). */
export const existingFolderProblem = cannotCreateIn;
