// Whether a folder is this user's alone: a real folder (not a link) owned by this user that no one
// else may read or write. Code and secrets (the wasm worker script, the web host's launch page) are
// only ever written into such a folder. Windows: the temp and user folders are per user already.
import { lstatSync } from 'node:fs';

export function isPrivateFolder(dir: string): boolean {
  try {
    const st = lstatSync(dir);
    if (!st.isDirectory()) return false;
    if (process.platform === 'win32' || !process.getuid) return true;
    return st.uid === process.getuid() && (st.mode & 0o077) === 0;
  } catch {
    return false;
  }
}
