// Builds the renderer with Vite when out/renderer is missing or older than its sources, so
// `npm run web` and the browser tests always serve the current UI. (Electron builds it through
// electron-vite instead.) Vite is a dev dependency: this runs in a checkout, not a packaged app.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

function newestMtime(dir: string): number {
  let newest = 0;
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

/** Returns the folder holding the built renderer, building it first when needed. */
// ALVEO_RENDERER_OUT lets parallel test runs build into their own folders instead of racing on one.
export async function ensureRenderer(
  repoRoot: string,
  outDir = resolve(repoRoot, process.env.ALVEO_RENDERER_OUT ?? 'out/renderer'),
): Promise<string> {
  if (!rendererIsStale(repoRoot, outDir)) return outDir;
  const { build } = await import('vite');
  const { rendererViteConfig } = await import('../../../src-renderer/renderer-vite-config');
  await build({ ...rendererViteConfig(repoRoot, outDir), configFile: false, logLevel: 'warn' });
  return outDir;
}
