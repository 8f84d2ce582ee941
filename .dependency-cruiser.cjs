// Keeps the layers honest: the engine is plain Node and never reaches up into shells or UI.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'engine-is-plain-node',
      comment: 'src-main/engine, api and cli never import Electron, hosts, app, preload, Svelte or cornerstone',
      severity: 'error',
      from: { path: '^src-main/(engine|api|cli)/' },
      to: { path: ['^src-main/(hosts|app|preload)/', '^src-renderer/', 'node_modules/(electron|svelte|cornerstone-core)/'] },
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
      name: 'renderer-only-uses-the-contract',
      comment: 'the renderer talks to the engine through src-main/api only; no Node, Electron or tfjs',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { path: ['^src-main/(engine|hosts|app|preload|cli)/', 'node_modules/(electron|@tensorflow|sharp|dicom-parser)/'] },
    },
    {
      name: 'renderer-no-node-builtins',
      severity: 'error',
      from: { path: '^src-renderer/src/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'hosts-not-into-app',
      severity: 'error',
      from: { path: '^src-main/hosts/' },
      to: { path: '^src-main/(app|preload)/' },
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
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.node.json' },
    exclude: { path: '(^out/|^dist/|\\.d\\.ts$)' },
  },
};
