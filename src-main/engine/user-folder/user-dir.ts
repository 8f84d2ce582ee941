// The one user folder (models, settings, result caches, recent studies) that the CLI, the web host
// and the desktop app share, by each OS's conventions:
//   Linux and other Unix: $XDG_DATA_HOME/alveo, else ~/.local/share/alveo
//   macOS:                ~/Library/Application Support/Alveo
//   Windows:              %LOCALAPPDATA%\Alveo (models are large and machine-local: not Roaming)
// ALVEO_HOME overrides it (tests, portable setups), and then nothing is moved.
// Older versions kept two stores: ~/.alveo (CLI, web host) and Electron's userData folder (the
// app). Their contents are moved here once; nothing is ever overwritten or deleted while it
// holds data (see moveUserStore).
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, statSync, lstatSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';

export type Env = Readonly<Record<string, string | undefined>>;

/** Where the user folder is on this OS (ALVEO_HOME not considered). */
export function conventionalUserDir(env: Env = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'Alveo');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Alveo');
  const xdg = env.XDG_DATA_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, '.local', 'share'), 'alveo');
}

/** The stores older versions wrote: ~/.alveo (CLI, web host). Electron's own userData is added by the app. */
export function legacyUserDirs(home = homedir()): string[] {
  return [join(home, '.alveo')];
}

export interface StoreMove {
  from: string;
  /** Entries (paths relative to `from`) now in the user folder. */
  moved: string[];
  /** Entries left where they were because the user folder already has one of that name. */
  kept: string[];
}

function sameFolder(a: string, b: string): boolean {
  try {
    const sa = statSync(a);
    const sb = statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}

/** rename, or copy then remove where the two folders are on different file systems. */
function moveEntry(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    const tmp = `${to}.moving-${process.pid}`;
    cpSync(from, tmp, { recursive: true, errorOnExist: true, preserveTimestamps: true });
    renameSync(tmp, to);
    rmSync(from, { recursive: true, force: true });
  }
}

function merge(from: string, to: string, rel: string, out: StoreMove): void {
  for (const name of readdirSync(from)) {
    const src = join(from, name);
    const dst = join(to, name);
    const r = rel ? `${rel}/${name}` : name;
    if (!existsSync(dst)) {
      try {
        moveEntry(src, dst);
        out.moved.push(r);
      } catch (err) {
        // Another Alveo process moved it first: it is there now, which is all that matters.
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || !existsSync(dst)) throw err;
      }
    } else if (lstatSync(src).isDirectory() && lstatSync(dst).isDirectory()) {
      merge(src, dst, r, out); // e.g. models/: each model folder moves on its own
    } else {
      out.kept.push(r); // same name on both sides: the user folder's copy wins, the old one stays
    }
  }
  try {
    rmdirSync(from); // only succeeds when everything moved
  } catch {
    /* something was kept: the old folder stays, with it */
  }
}

/**
 * Moves what `from` holds into `to`, entry by entry: whatever `to` lacks is moved (a rename, so
 * nothing is copied twice and a crash leaves each entry whole on one side), anything `to` already
 * has stays in `from` untouched. Running it again moves nothing new. Returns null when there was
 * nothing to move (no such folder, a symbolic link, or the same folder as `to`).
 */
export function moveUserStore(from: string, to: string): StoreMove | null {
  if (!existsSync(from) || lstatSync(from).isSymbolicLink() || !lstatSync(from).isDirectory()) return null;
  if (sameFolder(from, to) || resolve(from) === resolve(to)) return null;
  if (resolve(to).startsWith(resolve(from) + sep) || resolve(from).startsWith(resolve(to) + sep)) return null; // nested: never move a folder into itself
  mkdirSync(dirname(to), { recursive: true });
  const out: StoreMove = { from, moved: [], kept: [] };
  if (!existsSync(to)) {
    moveEntry(from, to);
    out.moved.push('.');
    return out;
  }
  merge(from, to, '', out);
  return out.moved.length || out.kept.length ? out : null;
}

let resolved: string | null = null;

/**
 * The user folder for this process: ALVEO_HOME, else the OS's folder, into which the old stores
 * (legacy + `extraLegacy`, e.g. Electron's previous userData) are moved the first time.
 */
export function alveoUserDir(extraLegacy: string[] = []): string {
  if (process.env.ALVEO_HOME) return resolve(process.env.ALVEO_HOME);
  if (resolved) return resolved;
  const dir = conventionalUserDir();
  for (const old of [...legacyUserDirs(), ...extraLegacy]) {
    try {
      const move = moveUserStore(old, dir);
      if (move?.moved.length) process.stderr.write(`Alveo: moved your data from ${old} to ${dir} (one user folder for the app and the command line)\n`);
      if (move?.kept.length) process.stderr.write(`Alveo: left ${move.kept.length} item(s) in ${old}: ${dir} already has ones of the same name (${move.kept.slice(0, 3).join(', ')}${move.kept.length > 3 ? ', …' : ''})\n`);
    } catch (err) {
      process.stderr.write(`Alveo: could not move ${old} to ${dir} (${(err as Error).message}); it is left as it was\n`);
    }
  }
  // Owner-only when Alveo makes it (it holds caches of patient data); a folder an administrator made is left as made.
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  resolved = dir;
  return dir;
}
