// The browser is opened on a small local HTML file that redirects to the tokened address, never on
// the address itself: a process's arguments (/proc/<pid>/cmdline) are readable by every local user,
// a 0600 file in a 0700 folder is not (Jupyter opens its browser the same way). The file is also
// where a service's admin finds the address when the log must not show the token.
import { randomBytes } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isPrivateFolder, processAlive } from '../../engine/index';

export interface LaunchFile {
  /** The file's path: readable by this user only. */
  path: string;
  /** file:// address of the file, what the browser is given. */
  fileUrl: string;
  /** Deletes the file (also done at process exit); safe to call twice. */
  remove(): void;
}

/**
 * Where launch files go: $XDG_RUNTIME_DIR/alveo (per user, in memory, emptied at logout) when the
 * session has one, else the user folder's run/. Never the shared temp folder.
 */
export function launchDir(userDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const runtime = env.XDG_RUNTIME_DIR;
  if (runtime && isAbsolute(runtime) && isPrivateFolder(runtime)) return join(runtime, 'alveo');
  return join(userDir, 'run');
}

/** Writes `dir`/web-<pid>-<random>.html leading to `url`; removes those of processes that are gone. */
export function writeLaunchFile(url: string, dir: string): LaunchFile {
  ensurePrivateDir(dir);
  removeStale(dir);
  const path = join(dir, `web-${process.pid}-${randomBytes(4).toString('hex')}.html`);
  writeFileSync(path, launchHtml(url), { mode: 0o600, flag: 'wx' });
  const remove = (): void => rmSync(path, { force: true });
  process.once('exit', remove);
  return {
    path,
    fileUrl: pathToFileURL(path).href,
    remove: () => {
      process.off('exit', remove);
      remove();
    },
  };
}

/** A page that goes straight on to `url` (script, else meta refresh, else a link to click). */
export function launchHtml(url: string): string {
  const attr = url.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const js = JSON.stringify(url).replace(/</g, '\\u003c');
  return `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="referrer" content="no-referrer">
<meta http-equiv="refresh" content="1;url=${attr}">
<title>Opening Alveo</title>
</head>
<body>
<p>Opening Alveo&hellip; If nothing happens, <a href="${attr}">open Alveo</a>.</p>
<script>location.replace(${js});</script>
</body>
</html>
`;
}


function ensurePrivateDir(dir: string): void {
  mkdirSync(dirname(dir), { recursive: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32' || !process.getuid) return; // the user folder is per user there
  const st = lstatSync(dir);
  if (!st.isDirectory() || st.uid !== process.getuid()) throw new Error(`${dir} is not a folder of this user: not writing the session address there`);
  if ((st.mode & 0o077) !== 0) chmodSync(dir, 0o700);
}

function removeStale(dir: string): void {
  for (const name of readdirSync(dir)) {
    const pid = /^web-(\d+)-[0-9a-f]+\.html$/.exec(name)?.[1];
    if (pid && Number(pid) !== process.pid && !processAlive(Number(pid))) rmSync(join(dir, name), { force: true });
  }
}

