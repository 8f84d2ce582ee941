// What `alveo score` writes in the CSV's file column and where it may write the CSV (review items
// 6 and 18): no absolute or UID-named paths unless identifiers were asked for, and no folder made
// on the way.
import { constants } from 'node:fs';
import { access, realpath, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { IDENTIFYING_ATTRIBUTES } from '../api/worklist-view';
import { pacsCacheDir } from '../engine/pacs/pacs-cache-dir';
import { shareableFileNames, type FileNamer } from '../engine/worklist/shareable-file-names';
import { errnoInWords } from '../engine/errno-in-words';
import { existingFolderProblem } from './output-path-problem';

/**
 * The file column: relative to the folder (an absolute path names people and places), PACS-cache
 * files by a neutral key, with or without identifiers, so an anonymous and an identified run of one
 * folder join on it. identifiersAsked adds the path as scored beside it.
 */
export function scoreCsvFileNames(folder: string, userDir: string): FileNamer {
  return shareableFileNames(folder, pacsCacheDir(userDir));
}

/** An identifying --columns keyword was asked for: the CSV and --json also carry each file's path as scored. */
export function identifiersAsked(attributes: readonly string[]): boolean {
  const identifying = new Set<string>(IDENTIFYING_ATTRIBUTES);
  return attributes.some((k) => identifying.has(k));
}

/**
 * Why the CSV cannot be written to `file`, or null; asked before scoring, so a long run does not end
 * in a write error. A missing folder is not created: a typo would scatter patient data into new
 * folders. An existing file is replaced (a script re-runs the same command, as with -o elsewhere).
 * The folder must take new files: the CSV is written beside its target, then renamed.
 */
export async function csvTargetProblem(file: string): Promise<string | null> {
  // A link is written at its target (atomic-files.ts): the target's folder must take the new file.
  const real = await realpath(file).catch(() => null);
  const target = real ? await stat(real).catch(() => null) : null;
  if (target?.isDirectory()) return `--csv ${file} is a folder: give a file name such as scores.csv`;
  // /dev/null, /dev/stdout, a named pipe: written straight to, as a shell's '>' would.
  if (target && !target.isFile()) return access(real ?? file, constants.W_OK).then(() => null, (err: unknown) => `--csv ${file}: cannot write to it (${errnoInWords(err)})`);
  const dir = dirname(real ?? resolve(file));
  if (!(await stat(dir).catch(() => null))?.isDirectory()) return `--csv ${file}: the folder ${dir} does not exist`;
  // A read-only folder, or /proc, passed the checks above and failed only at the end of the run.
  const why = await existingFolderProblem(dir);
  return why && `--csv ${file}: ${why}`;
}

/** Where a cancelled run's rows go: scores.csv -> scores.partial.csv (any other name gets .partial.csv added). */
export function partialCsvName(file: string): string {
  return /\.csv$/i.test(file) ? file.replace(/\.csv$/i, '.partial.csv') : `${file}.partial.csv`;
}
