// What an open left out of the study set, said in one line: the reader must know that a folder held
// more than the strip shows, and why each file is missing from it.
import type { AlveoErrorCode } from '../../../../src-main/api/errors';
import type { StudySet } from '../../../../src-main/api/contract';

export interface FileNotShown {
  file: string;
  /** A few words for the note, e.g. 'damaged or incomplete'. */
  cause: string;
  /** The engine's reason in full (the note's tooltip). */
  reason: string;
}

export interface FilesNotShown {
  files: FileNotShown[];
  /** A few names with their causes, e.g. "truncated.dcm (damaged or incomplete), notes.txt (not an image)". */
  list: string;
  /** E.g. "2 files not shown: " and the list. */
  text: string;
}

const CAUSES: Partial<Record<AlveoErrorCode, string>> = {
  CORRUPT: 'damaged or incomplete',
  NOT_AN_IMAGE: 'not an image',
  NO_PIXELS: 'holds no image',
  UNSUPPORTED: 'format not supported',
  NOT_FOUND: 'missing',
  TOO_LARGE: 'too large',
};
const NAMED = 3;

function name(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

/** Alveo's own earlier results are named as such (a reader reopening a study sees what was sent). */
function skippedCause(reason: string): string {
  return reason.startsWith('an earlier Alveo AI result') ? reason.replace(/, not a patient image$/, '') : 'not an image';
}

/** Null when every file of the set is in it. Unreadable images come first: they matter more than notes. */
export function filesNotShown(set: Pick<StudySet, 'errors' | 'skipped'>): FilesNotShown | null {
  const files: FileNotShown[] = [
    ...set.errors.map((e) => ({ file: e.file, cause: CAUSES[e.code] ?? 'could not be read', reason: e.error })),
    ...set.skipped.map((s) => ({ file: s.file, cause: skippedCause(s.reason), reason: s.reason })),
  ];
  if (!files.length) return null;
  const named = files.slice(0, NAMED).map((f) => `${name(f.file)} (${f.cause})`);
  const more = files.length - named.length;
  const list = more ? `${named.join(', ')} and ${more} more` : named.join(', ');
  return { files, list, text: `${files.length} ${files.length === 1 ? 'file' : 'files'} not shown: ${list}` };
}
