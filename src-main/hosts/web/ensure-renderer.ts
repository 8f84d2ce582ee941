// Builds the renderer with Vite when out/renderer is missing or older than its sources, so
// `npm run web` and the browser tests always serve the current UI. (Electron builds it through
// electron-vite instead.) Vite is a dev dependency: this runs in a checkout, not a packaged app.
// An install this user cannot write (owned by root, run by a radiologist's account or a service
// user) or one without Vite (`npm ci --omit=dev`) serves the build it has, with a warning, rather
// than failing; with no build at all it says what the install's owner must run.
import { accessSync, constants, existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

function newestMtime(dir: string): number {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const p = join(dir, name);
    const s = statSync(p);
    newest = Math.max(newest, s.isDirectory() ? newestMtime(p) : s.mtimeMs);
  }
  return newest;
}

export function rendererIsStale(repoRoot: string, outDir: string): boolean {
  const index = join(outDir, 'index.html');
  if (!existsSync(index)) return true;
  const sources = Math.max(newestMtime(join(repoRoot, 'src-renderer')), newestMtime(join(repoRoot, 'src-main/api')));
  return sources > statSync(index).mtimeMs;
}

/** Why this process cannot build the renderer into `outDir`, or null when it can. */
async function cannotBuild(outDir: string): Promise<string | null> {
  let p = outDir;
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  try {
    accessSync(p, constants.W_OK);
  } catch {
    return `this user cannot write ${outDir}`;
  }
  try {
    await import('vite');
  } catch {
    return 'Vite is not installed (dev dependencies left out?)';
  }
  return null;
}

export interface RendererChoice {
  dir: string;
  /** Set when a stale build is served because it cannot be rebuilt here. */
  warning?: string;
}

/** The folder holding the built renderer, building it first when needed and possible. */
// ALVEO_RENDERER_OUT lets parallel test runs build into their own folders instead of racing on one.
export async function prepareRenderer(
  repoRoot: string,
  outDir = resolve(repoRoot, process.env.ALVEO_RENDERER_OUT ?? 'out/renderer'),
): Promise<RendererChoice> {
  if (!rendererIsStale(repoRoot, outDir)) return { dir: outDir };
  const cannot = await cannotBuild(outDir);
  if (cannot) {
    const how = "the install's owner builds it with `npm run build:node` (with the dev dependencies installed), once after each update";
    if (existsSync(join(outDir, 'index.html'))) return { dir: outDir, warning: `alveo: the web UI in ${outDir} is older than its sources, but ${cannot}: serving it as built; ${how}` };
    throw new Error(`alveo: there is no web UI build in ${outDir} and ${cannot}: ${how}`);
  }
  const { build } = await import('vite');
  const { rendererViteConfig } = await import('../../../src-renderer/renderer-vite-config');
  await build({ ...rendererViteConfig(repoRoot, outDir), configFile: false, logLevel: 'warn' });
  return { dir: outDir };
}

/** prepareRenderer, its warning (if any) said on stderr; returns the folder to serve. */
export async function ensureRenderer(repoRoot: string, outDir?: string): Promise<string> {
  const choice = await prepareRenderer(repoRoot, outDir);
  if (choice.warning) process.stderr.write(`${choice.warning}\n`);
  return choice.dir;
}
