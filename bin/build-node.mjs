// Builds the Node doors into out/node with esbuild, so they run as plain JavaScript (no tsx at run
// time): the CLI (alveo.js), the web host (alveo-web.js) and every engine worker (*.worker.js,
// found next to them by worker-entries.ts). npm packages stay external; shared code goes into
// chunks.
//
// Each build gets its own folder (out/node/<id>/) and out/node/current.json names the one to run,
// replaced atomically: a CLI already running keeps its files even while another process rebuilds
// (a checkout where sources change under running tests). ensureNodeBuild() rebuilds only when a
// source is newer than the current build; builds older than an hour that are not current go.
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const OUT = join(ROOT, 'out', 'node');
const CURRENT = join(OUT, 'current.json');
/** What the Node doors are built from (the Electron shell, preload and renderer are built elsewhere). */
const SOURCES = ['src-main/api', 'src-main/engine', 'src-main/cli', 'src-main/hosts', 'src-renderer/renderer-vite-config.ts', 'bin/build-node.mjs'];

function walk(p, visit) {
  const s = statSync(p, { throwIfNoEntry: false });
  if (!s) return;
  if (s.isDirectory()) for (const name of readdirSync(p)) walk(join(p, name), visit);
  else visit(p, s);
}

/** Every CLI command file as its own entry (commands/<name>.js), so the CLI still finds its
 *  commands by listing that folder and loads only the one it runs. */
function commandEntries() {
  const entries = {};
  for (const name of readdirSync(join(ROOT, 'src-main/cli/commands'))) {
    if (name.endsWith('.ts') && !name.endsWith('.d.ts')) entries[`commands/${name.slice(0, -3)}`] = join(ROOT, 'src-main/cli/commands', name);
  }
  return entries;
}

/** A worker file's entry name (training.worker): split on either separator, as a Windows path has '\\'. */
export function workerEntryName(path) {
  return path.split(/[\\/]/).pop().slice(0, -'.ts'.length);
}

/** Every *.worker.ts under the engine, by entry name. */
function workerEntries() {
  const entries = {};
  walk(join(ROOT, 'src-main/engine'), (p) => {
    if (p.endsWith('.worker.ts')) entries[workerEntryName(p)] = p;
  });
  return entries;
}

function newestSource(root = ROOT) {
  let newest = 0;
  for (const s of SOURCES) walk(join(root, s), (_p, st) => (newest = Math.max(newest, st.mtimeMs)));
  return newest;
}

/** The current build's folder and when its sources were read, or null. */
function currentBuild(out = OUT) {
  try {
    const { id, sourcesAt } = JSON.parse(readFileSync(join(out, 'current.json'), 'utf8'));
    const dir = join(out, id);
    return existsSync(join(dir, 'alveo.js')) ? { dir, sourcesAt } : null;
  } catch {
    return null;
  }
}

/** Builds a new out/node/<id> and makes it current; returns its folder. */
export async function buildNode({ quiet = false } = {}) {
  const { build } = await import('esbuild');
  const started = Date.now();
  const sourcesAt = newestSource(); // read before building: an edit during the build triggers the next one
  const id = `b-${started}-${process.pid}`;
  const dir = join(OUT, id);
  try {
    await build({
      absWorkingDir: ROOT,
      entryPoints: {
        alveo: join(ROOT, 'src-main/cli/main.ts'),
        'alveo-web': join(ROOT, 'src-main/hosts/web/main.ts'),
        'build-renderer': join(ROOT, 'src-main/hosts/web/build-renderer.ts'),
        ...commandEntries(),
        ...workerEntries(),
      },
      outdir: dir,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20.19',
      packages: 'external',
      sourcemap: 'linked',
      // Chunks sit beside the entries: code that finds files next to itself (worker-entries.ts) works from either.
      chunkNames: '[name]-[hash]',
      logLevel: quiet ? 'error' : 'warning',
    });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const tmp = `${CURRENT}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ id, sourcesAt, builtAt: new Date().toISOString() }) + '\n');
  renameSync(tmp, CURRENT);
  for (const name of readdirSync(OUT)) {
    const p = join(OUT, name);
    if (name.startsWith('b-') && name !== id && Date.now() - statSync(p).mtimeMs > 3600_000) rmSync(p, { recursive: true, force: true });
  }
  if (!quiet) process.stderr.write(`alveo: built the CLI and web host into ${dir} (${Date.now() - started} ms)\n`);
  return dir;
}

/** Whether this process may write `dir` (or, when it does not exist yet, the folder that would hold it). */
function writable(dir) {
  let p = dir;
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  try {
    accessSync(p, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

async function esbuildInstalled() {
  try {
    await import('esbuild');
    return true;
  } catch {
    return false;
  }
}

/**
 * What to run: `{ dir }` of an up-to-date build; `{ dir, warning }` of a stale one this process
 * cannot rebuild (an install owned by root and run by a radiologist's account or a service user,
 * after an update, or one installed with `npm ci --omit=dev`, which has no esbuild): it runs as
 * built rather than failing; `{ build: true }` when this process should build; an Error saying
 * what to do when there is no build and none can be made.
 */
export async function chooseBuild(root = ROOT) {
  const out = join(root, 'out', 'node');
  const b = currentBuild(out);
  if (b && b.sourcesAt >= newestSource(root)) return { dir: b.dir };
  const hasSources = existsSync(join(root, 'src-main'));
  const cannot = !hasSources
    ? null
    : !writable(out)
      ? `this user cannot write ${out}`
      : !(await esbuildInstalled())
        ? 'esbuild is not installed (dev dependencies left out?)'
        : null;
  if (!hasSources || cannot) {
    const how = 'the install\'s owner builds it with `npm run build:node` (with the dev dependencies installed), once after each update';
    if (b) return { dir: b.dir, warning: hasSources ? `alveo: the build in ${out} is older than its sources, but ${cannot}: running it as built; ${how}` : undefined };
    throw new Error(hasSources ? `alveo: there is no build in ${out} and ${cannot}: ${how}` : `no build in ${out} and no sources to build it from`);
  }
  return { build: true };
}

/** The folder of an up-to-date build, building one first when missing or stale (a checkout). */
export async function ensureNodeBuild() {
  const choice = await chooseBuild();
  if (choice.dir) {
    if (choice.warning) process.stderr.write(`${choice.warning}\n`);
    return choice.dir;
  }
  mkdirSync(OUT, { recursive: true });
  return buildNode({ quiet: true });
}

// `npm run build:node`: the Node doors, then the web UI they serve (an install's owner runs this once
// after each update, so users who cannot write the install never have to build).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = await buildNode();
  await import(pathToFileURL(join(dir, 'build-renderer.js')).href);
}
