// What `alveo score` writes in the CSV's file column and where it may write the CSV (review items
// 6 and 18): no absolute or UID-named paths unless identifiers were asked for, and no folder made
// on the way.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { IDENTIFYING_ATTRIBUTES } from '../api/worklist-view';
import { pacsCacheDir } from '../engine/pacs/pacs-cache-dir';
import { shareableFileNames, type FileNamer } from '../engine/worklist/shareable-file-names';
import { errnoInWords } from '../engine/files/errno-in-words';
import { writeTarget } from '../engine/files/write-target';
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
  // Where the rows will really go (write-target.ts): a link's target, a pipe or device written through.
  const target = await writeTarget(file);
  if (target.kind === 'refused') return target.code === 'EISDIR' ? `--csv ${file} is a folder: give a file name such as scores.csv` : `--csv ${file}: ${target.why}`;
  if (target.kind === 'straight') return access(target.path, constants.W_OK).then(() => null, (err: unknown) => `--csv ${file}: cannot write to it (${errnoInWords(err)})`);
  const dir = dirname(target.path);
  if (!(await stat(dir).catch(() => null))?.isDirectory()) return `--csv ${file}: the folder ${dir} does not exist`;
  // A read-only folder, or /proc, passed the checks above and failed only at the end of the run.
  const why = await existingFolderProblem(dir);
  return why && `--csv ${file}: ${why}`;
}

/** Where a cancelled run's rows go: scores.csv -> scores.partial.csv (any other name gets .partial.csv added). */
export function partialCsvName(file: string): string {
  return /\.csv$/i.test(file) ? file.replace(/\.csv$/i, '.partial.csv') : `${file}.partial.csv`;
}
