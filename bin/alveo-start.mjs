#!/usr/bin/env node
// `npm start`: always brings Alveo up. The desktop app when Electron's binary is there (fetched on
// first start where the network allows); otherwise one plain line saying why, then the same UI
// from the local web host, opened in the default browser ($BROWSER honoured).
// ALVEO_SKIP_ELECTRON_DOWNLOAD=1 never tries the download (tests, offline machines), and nor does
// a Node older than Electron's downloader needs (it would fail on every start). `--web` and
// `--port N` ask for the browser version; `--help` says all this.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { downloadFailureInWords, nodeBelowEngines, SKIP_HINT } from './electron-download.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
/** Electron's binary is about 100 MB; a network that drops packets must not stall every start for long. */
const DOWNLOAD_MINUTES = 5;

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
  const engines = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).engines?.node;
  const needs = nodeBelowEngines(engines, process.versions.node);
  if (needs) return { why: `Electron's binary is not installed, and its downloader needs Node.js ${needs} or newer (this is ${process.versions.node}), so it was not tried` };
  // Said on every start that tries, not only the first: the download is retried until it succeeds.
  process.stderr.write(`Alveo: Electron's binary is not installed; downloading it (${SKIP_HINT})...\n`);
  const r = spawnSync(process.execPath, [join(dir, 'install.js')], { cwd: dir, encoding: 'utf8', timeout: DOWNLOAD_MINUTES * 60_000 });
  exe = installed();
  if (exe) return { exe };
  const cause = downloadFailureInWords({ output: `${r.stderr ?? ''}\n${r.stdout ?? ''}`, error: r.error, status: r.status, timeoutMinutes: DOWNLOAD_MINUTES });
  return { why: `Electron's binary could not be downloaded (${cause}; ${SKIP_HINT})` };
}

function hasDisplay() {
  if (process.platform !== 'linux') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

/** Runs a child with our terminal; exits with its code; Ctrl-C reaches it through the process group. */
function run(args) {
  const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
  // Ctrl-C reaches the child from the terminal itself. On Windows kill('SIGINT') ends a process
  // abruptly, before the web host has closed its session: there the parent only waits for it.
  process.on('SIGINT', () => process.platform !== 'win32' && child.kill('SIGINT'));
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('close', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 130 : 1)));
}

const USAGE = `usage: npm start [-- --web] [-- --port N]   (or: node bin/alveo-start.mjs [--web] [--port N])

Starts Alveo: the desktop app where Electron's binary is there (downloaded on the first start where
the network allows), otherwise the same UI from the local web host on http://127.0.0.1 (this
computer only), opened in the default browser.
  --web      the browser version, even where the desktop app could start
  --port N   the browser version, listening on port N (default: a free port)
  -h, --help this text
Environment: ALVEO_HOME (the user folder; see README, "Where your data lives"),
ALVEO_SKIP_ELECTRON_DOWNLOAD=1 (never download Electron), BROWSER (the browser to open).
Exit codes: 0 ok; 2 usage error; otherwise the app's own.`;

/** The options above; anything else is refused (exit 2) rather than passed on unread. */
function parseArgs(argv) {
  const opts = { web: false, port: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') {
      console.log(USAGE);
      process.exit(0);
    } else if (a === '--web') opts.web = true;
    else if (a === '--port' || a.startsWith('--port=')) {
      const value = a === '--port' ? argv[++i] : a.slice('--port='.length);
      if (!/^\d+$/.test(value ?? '') || Number(value) < 1 || Number(value) > 65535) usageError(`--port needs a port number from 1 to 65535${value === undefined ? '' : `, not '${value}'`}`);
      opts.port = value;
    } else usageError(`unknown option '${a}'`);
  }
  return opts;
}

function usageError(message) {
  console.error(`npm start: ${message}\n${USAGE.split('\n')[0]}\n(npm start -- --help explains each option)`);
  process.exit(2);
}

const opts = parseArgs(process.argv.slice(2));
const asked = opts.web ? '--web' : opts.port !== undefined ? '--port' : null;
const electron = asked ? null : findElectron();
const why = asked ? `asked for with ${asked}` : electron.exe ? (hasDisplay() ? null : 'no graphical display ($DISPLAY / $WAYLAND_DISPLAY unset)') : electron.why;
if (why === null) {
  run([join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'preview']);
} else {
  console.log(`Alveo: starting in the browser instead of the desktop app: ${why}.`);
  run([join(root, 'bin', 'alveo-web.mjs'), '--open', ...(opts.port !== undefined ? ['--port', opts.port] : [])]);
}
