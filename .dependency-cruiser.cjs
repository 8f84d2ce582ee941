// Keeps the layers honest: the engine is plain Node and never reaches up into shells or UI.
// Each rule below is one line of the layout guide's (ARCHITECTURE.md, in shared/ beside the clone); tests/architecture/layers.test.ts plants
// a forbidden import for every rule in a scratch tree, so a rule that stops matching fails there.

/** An npm package by name: resolved (…/node_modules/<name>/…) or, when not installed, the bare name. */
const pkg = (names) => `(^|node_modules/)(${names.join('|')})(/|$)`;

/** Packages that only run under Node or Electron's main process (native addons, sockets, build tools). */
const NODE_ONLY_PACKAGES = [
  'electron',
  'electron-builder',
  'electron-vite',
  '@doyensec/electronegativity',
  'onnxruntime-node',
  'onnxruntime-common',
  '@tensorflow/tfjs-node',
  '@tensorflow/tfjs-node-gpu',
  'sharp',
  'ws',
  'dcmjs-dimse',
  'esbuild',
  'vite',
  '@sveltejs/vite-plugin-svelte',
  'svelte-check',
  'tsx',
  'typescript',
  'dependency-cruiser',
  'playwright-core',
];

/** The viewer library: cornerstone and what it brings (hammerjs for its touch tools). */
const CORNERSTONE = ['cornerstone-core', 'cornerstone-tools', 'cornerstone-math', 'hammerjs', '@cornerstonejs/(?!codec-)[^/]+'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'engine-is-plain-node',
      comment: 'src-main/engine, api and cli never import Electron, hosts, app, preload, the renderer, Svelte or cornerstone',
      severity: 'error',
      from: { path: '^src-main/(engine|api|cli)/' },
      // @cornerstonejs/codec-* are plain WASM decoders the engine loads; the viewer packages are not.
      to: { path: ['^src-main/(hosts|app|preload)/', '^src-renderer/', pkg(['electron', 'svelte', ...CORNERSTONE])] },
    },
    {
      name: 'engine-not-into-cli',
      comment: 'the CLI is a door into the engine: engine and api never import it (cli → engine, never back)',
      severity: 'error',
      from: { path: '^src-main/(engine|api)/' },
      to: { path: '^src-main/cli/' },
    },
    {
      name: 'api-imports-nothing',
      comment: 'the contract is types and pure helpers only',
      severity: 'error',
      from: { path: '^src-main/api/' },
      to: { path: ['^src-main/(engine|hosts|app|preload|cli)/', 'node_modules/'] },
    },
    {
      name: 'api-no-cycle',
      comment:
        'src-main/api reads from a leaf (shared.ts) through one file per feature to contract.ts: no cycle, type-only imports included',
      severity: 'error',
      from: { path: '^src-main/api/' },
      to: { path: '^src-main/api/', circular: true },
    },
    {
      name: 'hosts-see-api-and-engine-index',
      comment:
        'hosts import the api and the engine through engine/index only (not its internals), never app, preload, cli or the renderer; ' +
        'ensure-renderer loads src-renderer/renderer-vite-config.ts, the build config, not renderer code',
      severity: 'error',
      from: { path: '^src-main/hosts/' },
      to: { path: ['^src-main/', '^src-renderer/src/'], pathNot: ['^src-main/(api|hosts)/', '^src-main/engine/index\\.ts$'] },
    },
    {
      name: 'app-sees-hosts-and-engine-index',
      comment: 'the Electron shell imports hosts, the api contract and engine/index only (not engine internals), never preload, cli or the renderer',
      severity: 'error',
      from: { path: '^src-main/app/' },
      to: { path: ['^src-main/', '^src-renderer/'], pathNot: ['^src-main/(app|api|hosts)/', '^src-main/engine/index\\.ts$'] },
    },
    {
      name: 'preload-sees-electron-and-api',
      comment: 'the preload exposes { call, onEvent }: it imports electron and src-main/api only (no engine, no Node built-ins)',
      severity: 'error',
      from: { path: '^src-main/preload/' },
      to: { pathNot: ['^src-main/(preload|api)/', pkg(['electron'])] },
    },
    {
      name: 'renderer-only-uses-the-contract',
      comment:
        'the renderer talks to the engine through src-main/api only, and never runs engine work itself: no tfjs, ' +
        'no DICOM decoder or codec (one decode path: the viewer shows the pixels the engine decoded)',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: {
        path: [
          '^src-main/(engine|hosts|app|preload|cli)/',
          pkg(['@tensorflow/[^/]+', 'dicom-parser', 'dcmjs', 'dcmjs-codecs', 'dicom-character-set', 'onnx-proto', '@cornerstonejs/codec-[^/]+']),
        ],
      },
    },
    {
      name: 'renderer-no-node-packages',
      comment: 'the renderer runs in a sandboxed page: no Electron and no package that needs Node (native addons, sockets, build tools)',
      severity: 'error',
      from: { path: '^src-renderer/src/' },
      to: { path: pkg(NODE_ONLY_PACKAGES) },
    },
    {
      name: 'renderer-no-node-builtins',
      severity: 'error',
      from: { path: '^src-renderer/src/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'cornerstone-only-in-viewer',
      comment: 'src-renderer/src/lib/viewer is the only place that imports cornerstone',
      severity: 'error',
      from: { path: '^src-renderer/src/', pathNot: '^src-renderer/src/lib/viewer/' },
      to: { path: pkg(CORNERSTONE) },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true, dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // A node_modules that is a link (a clone sharing another checkout's, the layer test's scratch tree)
    // still resolves to node_modules/<package>/…, the paths the rules name.
    preserveSymlinks: true,
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.node.json' },
    exclude: { path: '(^out/|^dist/|\\.d\\.ts$)' },
  },
};
