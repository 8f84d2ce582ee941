// electron-vite only finds src/{main,preload,renderer} by itself; this names every entry.
// main: the Electron shell (bundles hosts + engine; npm dependencies stay external).
// preload: CommonJS, because a sandboxed preload cannot be an ES module.
// renderer: the Svelte app, same settings the web host and the e2e tests build with.
// The web host (bin/alveo-web.mjs) and the CLI run from source through tsx and need no entry here.
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { rendererViteConfig } from './src-renderer/renderer-vite-config';

const root = import.meta.dirname;

/** Every engine worker entry (*.worker.ts) becomes out/main/<name>.js, next to the main bundle,
 *  so createEngine({ workerDir: out/main }) finds them. */
function workerEntries(dir = join(root, 'src-main/engine')): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) Object.assign(entries, workerEntries(p));
    else if (e.name.endsWith('.worker.ts')) entries[e.name.slice(0, -'.ts'.length)] = p;
  }
  return entries;
}

/**
 * electron-vite prepends `const require = createRequire(import.meta.url)` (and __filename,
 * __dirname) to ES chunks that mention require(. The engine's own top-level
 * `const require = createRequire(import.meta.url)` then collides ("Identifier 'require' has
 * already been declared"). Both bind the same thing, so the shim's declarations become `var`,
 * which may legally repeat.
 */
function tolerateCjsShim(): Plugin {
  return {
    name: 'alveo-tolerate-cjs-shim',
    apply: 'build',
    enforce: 'post',
    renderChunk(code) {
      if (!code.includes('// -- CommonJS Shims --')) return null;
      return code.replace(/^const (require|__filename|__dirname) = /gm, 'var $1 = ');
    },
  };
}

export default defineConfig({
  main: {
    plugins: [tolerateCjsShim()],
    build: {
      outDir: resolve(root, 'out/main'),
      rollupOptions: { input: { index: resolve(root, 'src-main/app/main.ts'), ...workerEntries() } },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      rollupOptions: {
        input: { index: resolve(root, 'src-main/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: rendererViteConfig(root),
});
