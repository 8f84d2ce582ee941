// Builds the Node doors into out/node with esbuild, so they run as plain JavaScript (no tsx at run
// time): the CLI (alveo.js), the web host (alveo-web.js) and every engine worker (*.worker.js,
// found next to them by worker-entries.ts). npm packages stay external; shared code goes into
// chunks.
//
// Each build gets its own folder (out/node/<id>/) and out/node/current.json names the one to run,
// replaced atomically: a CLI already running keeps its files even while another process rebuilds
// (a checkout where sources change under running tests). ensureNodeBuild() rebuilds only when a
// source is newer than the current build; builds older than an hour that are not current go.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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

/** Every *.worker.ts under the engine, by entry name. */
function workerEntries() {
  const entries = {};
  walk(join(ROOT, 'src-main/engine'), (p) => {
    if (p.endsWith('.worker.ts')) entries[p.slice(p.lastIndexOf('/') + 1, -'.ts'.length)] = p;
  });
  return entries;
}

function newestSource() {
  let newest = 0;
  for (const s of SOURCES) walk(join(ROOT, s), (_p, st) => (newest = Math.max(newest, st.mtimeMs)));
  return newest;
}

/** The current build's folder and when its sources were read, or null. */
function currentBuild() {
  try {
    const { id, sourcesAt } = JSON.parse(readFileSync(CURRENT, 'utf8'));
    const dir = join(OUT, id);
    return existsSync(join(dir, 'alveo.js')) ? { dir, sourcesAt } : null;
  } catch {
    return null;
  }
}

/** The folder of the current build when no source is newer than it, else null. */
export function currentBuildDir() {
  const b = currentBuild();
  return b && b.sourcesAt >= newestSource() ? b.dir : null;
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

/** The folder of an up-to-date build, building one first when missing or stale (a checkout). */
export async function ensureNodeBuild() {
  const dir = currentBuildDir();
  if (dir) return dir;
  if (!existsSync(join(ROOT, 'src-main'))) {
    const b = currentBuild();
    if (b) return b.dir; // an installed copy without sources: run what was built
    throw new Error(`no build in ${OUT} and no sources to build it from`);
  }
  mkdirSync(OUT, { recursive: true });
  return buildNode({ quiet: true });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildNode();
