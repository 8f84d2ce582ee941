#!/usr/bin/env node
// `npm start`: always brings Alveo up. The desktop app when Electron's binary is there (fetched on
// first start where the network allows); otherwise one plain line saying why, then the same UI
// from the local web host, opened in the default browser ($BROWSER honoured).
// ALVEO_SKIP_ELECTRON_DOWNLOAD=1 never tries the download (tests, offline machines).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** The Electron executable, or the reason there is none. */
function findElectron() {
  let dir;
  try {
    dir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { why: 'the electron package is not installed' };
  }
  const installed = () => {
    const pathFile = join(dir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const exe = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(exe) ? exe : null;
  };
  let exe = installed();
  if (exe) return { exe };
  if (process.env.ALVEO_SKIP_ELECTRON_DOWNLOAD === '1') return { why: "Electron's binary is not installed (download skipped: ALVEO_SKIP_ELECTRON_DOWNLOAD=1)" };
  process.stderr.write("Alveo: fetching Electron's binary (first start)...\n");
  const r = spawnSync(process.execPath, [join(dir, 'install.js')], { cwd: dir, encoding: 'utf8', timeout: 10 * 60_000 });
  exe = installed();
  if (exe) return { exe };
  const cause = `${r.stderr ?? ''}\n${r.stdout ?? ''}`.split('\n').map((l) => l.trim()).find((l) => l && !l.startsWith('at ')) ?? (r.error?.message ?? `exit ${r.status}`);
  return { why: `Electron's binary could not be downloaded (${cause})` };
}

function hasDisplay() {
  if (process.platform !== 'linux') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

/** Runs a child with our terminal; exits with its code; Ctrl-C reaches it through the process group. */
function run(args) {
  const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('close', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 130 : 1)));
}

const electron = findElectron();
const why = electron.exe ? (hasDisplay() ? null : 'no graphical display ($DISPLAY / $WAYLAND_DISPLAY unset)') : electron.why;
if (why === null) {
  run([join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'preview', ...process.argv.slice(2)]);
} else {
  console.log(`Alveo: starting in the browser instead of the desktop app: ${why}.`);
  run([join(root, 'bin', 'alveo-web.mjs'), '--open']);
}
