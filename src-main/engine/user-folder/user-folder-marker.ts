// A hidden file that marks a folder as an Alveo user folder, so that scans of the user's images
// pass over it: with ALVEO_HOME=/data/alveo, `alveo score /data --recursive` read the model shards
// as six failed images (exit 1 every night) and would have read the PACS cache's DICOMs as studies.
// A marker, not a path: scans run in worker threads and other processes, and another account's
// user folder on a shared disk is passed over too. The folder given to a scan is never skipped.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const USER_FOLDER_MARKER = '.alveo-user-folder';

export const USER_FOLDER_SKIP_REASON = "Alveo's user folder (its models, caches and settings are not images): not scanned";

/** Writes the marker where it is missing; a read-only folder is left as it is. */
export function markUserFolder(userDir: string): void {
  const marker = join(userDir, USER_FOLDER_MARKER);
  if (existsSync(marker)) return;
  try {
    mkdirSync(userDir, { recursive: true, mode: 0o700 }); // owner-only when made here, as in user-dir.ts
    writeFileSync(marker, "This folder holds Alveo's models, caches and settings. Image scans pass over it.\n", { flag: 'wx' });
  } catch {
    // read-only, or another process wrote it first: scans then see it or do without
  }
}

/** Whether a folder's entry names include the marker. */
export function holdsUserFolderMarker(names: Iterable<string>): boolean {
  for (const n of names) if (n === USER_FOLDER_MARKER) return true;
  return false;
}
