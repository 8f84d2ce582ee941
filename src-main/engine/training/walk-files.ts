// Lists every file under a folder (sorted, following file links but not folder links, so a link
// loop cannot hang it), and the hidden or system entries it passed over (and an Alveo user folder
// inside it: user-folder-marker.ts). A named pipe, socket or device is named as skipped, never
// listed to be read (opening a pipe blocks) nor passed over unsaid.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { notRegularReason, specialFileKind } from '../files/regular-file';
import { holdsUserFolderMarker, USER_FOLDER_SKIP_REASON } from '../user-folder/user-folder-marker';

export interface WalkResult {
  files: string[];
  skipped: Array<{ file: string; reason: string }>;
}

export async function walkFiles(dir: string, signal?: AbortSignal): Promise<WalkResult> {
  const out: WalkResult = { files: [], skipped: [] };
  const visit = async (d: string): Promise<void> => {
    signal?.throwIfAborted();
    const dirents = (await readdir(d, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (d !== dir && holdsUserFolderMarker(dirents.map((e) => e.name))) {
      out.skipped.push({ file: d, reason: USER_FOLDER_SKIP_REASON });
      return;
    }
    for (const e of dirents) {
      const p = join(d, e.name);
      if (e.name.startsWith('.') || e.name === '__MACOSX' || e.name === 'Thumbs.db') {
        if (!e.isDirectory()) out.skipped.push({ file: p, reason: 'hidden or system file' });
        continue;
      }
      if (e.isDirectory()) await visit(p);
      else if (e.isFile()) out.files.push(p);
      else if (e.isSymbolicLink()) {
        const s = await stat(p).catch(() => null);
        const kind = s && specialFileKind(s);
        if (s?.isFile()) out.files.push(p);
        else out.skipped.push({ file: p, reason: kind ? `link to a file that is ${notRegularReason(kind)}` : s ? 'link to a folder (not followed)' : 'broken link' });
      } else {
        const kind = specialFileKind(e);
        if (kind) out.skipped.push({ file: p, reason: notRegularReason(kind) });
      }
    }
  };
  await visit(dir);
  return out;
}
