// The `file` column of a CSV meant to leave the care team (identifiers off): an absolute path names
// the user, the mount and often the patient (folder names with names or MRNs), so the path is
// written relative to the scored folder. Files in Alveo's PACS cache are named by their Study and
// SOP Instance UIDs, which identify the patient's visit: they get a neutral key instead,
// "pacs-study-<n>/image-<m>", numbered in the order the files are first named (rows arrive in
// sorted file order, so the app's export and `alveo score` number a folder alike).
// Files arrive as scanned: absolute, or relative to the working directory as FOLDER was typed
// ("small/x.png" for `alveo score small`), never relative to FOLDER: so the column is the same
// however FOLDER was spelled, and `alveo merge` can tell two parts' rows for one image apart.
import { basename, isAbsolute, relative, resolve, sep } from 'node:path';

/** A namer: the shareable name of each file (absolute or relative to the working directory), the same name for the same file every time. */
export type FileNamer = (file: string) => string;

/** `folder`: the scored folder; null when unknown (files are then named by their name alone). */
export function shareableFileNames(folder: string | null, pacsCache: string): FileNamer {
  const root = folder === null ? null : resolve(folder);
  const cache = resolve(pacsCache);
  const studies = new Map<string, { n: number; images: Map<string, number> }>();
  return (file) => {
    const abs = resolve(file);
    const inCache = relative(cache, abs);
    if (!inCache.startsWith('..') && !isAbsolute(inCache) && inCache.includes(sep)) {
      const [studyUid, ...rest] = inCache.split(sep);
      let study = studies.get(studyUid);
      if (!study) studies.set(studyUid, (study = { n: studies.size + 1, images: new Map() }));
      const image = rest.join('/');
      let m = study.images.get(image);
      if (m === undefined) study.images.set(image, (m = study.images.size + 1));
      return `pacs-study-${study.n}/image-${m}`;
    }
    const inFolder = root === null ? '' : relative(root, abs);
    // Outside the scored folder (not made by a scan of it): the name alone, never the path.
    if (inFolder === '' || inFolder.startsWith('..') || isAbsolute(inFolder)) return basename(abs);
    return inFolder.split(sep).join('/');
  };
}
