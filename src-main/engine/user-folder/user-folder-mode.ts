// A user folder made before Alveo made them owner-only (0755 then) keeps patient-derived caches
// where every account could list and read them. Opened by its owner, it loses the bits for others
// (0755 -> 0750), as a private file does when replaced: a group an administrator gave it is kept.
import { chmodSync, statSync } from 'node:fs';

/** Drops the folder's permission bits for others when this account owns it; anything else is left as it is. */
export function closeUserFolderToOthers(userDir: string): void {
  if (process.platform === 'win32' || typeof process.getuid !== 'function') return;
  try {
    const st = statSync(userDir);
    if (!st.isDirectory() || st.uid !== process.getuid() || (st.mode & 0o007) === 0) return;
    chmodSync(userDir, st.mode & 0o7770);
  } catch {
    // gone, or not ours to change: the files inside are owner-only either way
  }
}
