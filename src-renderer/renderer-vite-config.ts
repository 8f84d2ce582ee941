// The renderer's Vite settings, shared by electron.vite.config.ts (Electron builds) and the web
// host / e2e tests (which build the same renderer with plain Vite, no Electron needed).
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { resolve } from 'node:path';
import type { Plugin, UserConfig } from 'vite';

/** The dev server injects inline styles for hot reload, which the production CSP forbids. */
function dropCspInDev(): Plugin {
  return {
    name: 'alveo-drop-csp-in-dev',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>/s, ''),
  };
}

export function rendererViteConfig(repoRoot: string, outDir = resolve(repoRoot, 'out/renderer')): UserConfig {
  const root = resolve(repoRoot, 'src-renderer');
  return {
    root,
    base: './',
    plugins: [svelte({ compilerOptions: { runes: true } }), dropCspInDev()],
    resolve: { alias: { $lib: resolve(root, 'src/lib') } },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'chrome120',
      sourcemap: false,
      chunkSizeWarningLimit: 2000,
      rollupOptions: { input: resolve(root, 'index.html') },
    },
  };
}
