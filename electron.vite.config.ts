// electron-vite only finds src/{main,preload,renderer} by itself; this names every entry.
// main: the Electron shell (bundles hosts + engine; npm dependencies stay external).
// preload: CommonJS, because a sandboxed preload cannot be an ES module.
// renderer: the Svelte app, same settings the web host and the e2e tests build with.
// The web host (bin/alveo-web.mjs) and the CLI run from source through tsx and need no entry here.
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';
import { rendererViteConfig } from './src-renderer/renderer-vite-config';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      rollupOptions: { input: { index: resolve(root, 'src-main/app/main.ts') } },
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
