// The layer rules of the layout guide (ARCHITECTURE.md, in shared/ beside the clone), enforced with dependency-cruiser (it also sees import() and require()).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { tempDir } from '../support/temp-dir';

test('engine, api, cli, hosts and renderer respect their layers, with no cycles', () => {
  const bin = join('node_modules', '.bin', 'depcruise');
  const r = spawnSync(bin, ['src-main', 'src-renderer/src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, `dependency violations:\n${r.stdout}\n${r.stderr}`);
});

// A cruise that reached no file would report no violation: check it saw every source file.
test('the layer check reads every .ts and .svelte file of src-main and src-renderer/src', () => {
  const bin = join('node_modules', '.bin', 'depcruise');
  const r = spawnSync(bin, ['src-main', 'src-renderer/src', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], {
    encoding: 'utf8',
    maxBuffer: 256 * 2 ** 20,
  });
  assert.equal(r.status, 0, r.stderr);
  const cruised = new Set((JSON.parse(r.stdout) as { modules: { source: string }[] }).modules.map((m) => m.source));
  const sources = ['src-main', 'src-renderer/src'].flatMap((root) =>
    readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.(ts|svelte)$/.test(f) && !f.endsWith('.d.ts'))
      .map((f) => `${root}/${f}`),
  );
  assert.ok(sources.length > 100, `${sources.length} source files found`);
  assert.deepEqual(sources.filter((f) => !cruised.has(f)), [], 'files the layer rules never saw');
});

// A rule that stops matching (a typo in a path, a package renamed, a rule deleted) would pass the
// real tree silently. So a scratch tree plants each import ARCHITECTURE.md forbids, one file each,
// and every one must be reported under its own rule; a few allowed imports beside them must not be.
// The scratch tree gets the real package.json, tsconfig.node.json and node_modules, so packages
// resolve exactly as they do in the real tree.
interface Planted {
  file: string;
  source: string;
  /** The rule that must report this file; null: an allowed import that no rule may report. */
  rule: string | null;
}

const imports = (...specs: string[]) => specs.map((s) => `import '${s}';\n`).join('');

const PLANTED: Planted[] = [
  // Targets the probes import, each itself an allowed import of its layer.
  { file: 'src-main/api/transport.ts', source: 'export const CHANNEL = 1;\n', rule: null },
  { file: 'src-main/engine/index.ts', source: `${imports('node:fs', '@cornerstonejs/codec-charls')}export const createEngine = 1;\n`, rule: null },
  { file: 'src-main/engine/private-folder.ts', source: 'export const isPrivateFolder = 1;\n', rule: null },
  { file: 'src-main/cli/command.ts', source: imports('../engine/index', '../engine/private-folder', '../api/transport'), rule: null },
  { file: 'src-main/hosts/dispatch.ts', source: imports('../engine/index', '../api/transport', 'ws', 'node:http', 'electron'), rule: null },
  { file: 'src-main/app/main.ts', source: imports('electron', '../hosts/dispatch', '../engine/index', '../api/transport'), rule: null },
  { file: 'src-main/preload/index.ts', source: imports('electron', '../api/transport'), rule: null },
  { file: 'src-renderer/src/lib/viewer/viewport.ts', source: imports('cornerstone-core', 'cornerstone-tools', 'cornerstone-math', 'hammerjs', '../../../../src-main/api/transport'), rule: null },

  { file: 'src-main/engine/probe-electron.ts', source: imports('electron'), rule: 'engine-is-plain-node' },
  { file: 'src-main/engine/probe-hosts.ts', source: imports('../hosts/dispatch'), rule: 'engine-is-plain-node' },
  { file: 'src-main/engine/probe-cornerstone.ts', source: imports('cornerstone-core'), rule: 'engine-is-plain-node' },
  { file: 'src-main/engine/probe-svelte.ts', source: imports('svelte'), rule: 'engine-is-plain-node' },
  { file: 'src-main/cli/probe-app.ts', source: imports('../app/main'), rule: 'engine-is-plain-node' },
  { file: 'src-main/engine/probe-cli.ts', source: imports('../cli/command'), rule: 'engine-not-into-cli' },
  { file: 'src-main/api/probe-engine.ts', source: imports('../engine/private-folder'), rule: 'api-imports-nothing' },
  { file: 'src-main/api/probe-package.ts', source: imports('dcmjs'), rule: 'api-imports-nothing' },
  { file: 'src-main/api/cycle-a.ts', source: "import type { B } from './cycle-b';\nexport interface A { b?: B }\n", rule: 'api-no-cycle' },
  { file: 'src-main/api/cycle-b.ts', source: "import type { A } from './cycle-a';\nexport interface B { a?: A }\n", rule: 'api-no-cycle' },
  { file: 'src-main/hosts/probe-engine-internal.ts', source: imports('../engine/private-folder'), rule: 'hosts-see-api-and-engine-index' },
  { file: 'src-main/hosts/probe-app.ts', source: imports('../app/main'), rule: 'hosts-see-api-and-engine-index' },
  { file: 'src-main/hosts/probe-cli.ts', source: imports('../cli/command'), rule: 'hosts-see-api-and-engine-index' },
  { file: 'src-main/app/probe-engine-internal.ts', source: imports('../engine/private-folder'), rule: 'app-sees-hosts-and-engine-index' },
  { file: 'src-main/app/probe-preload.ts', source: imports('../preload/index'), rule: 'app-sees-hosts-and-engine-index' },
  { file: 'src-main/preload/probe-engine.ts', source: imports('../engine/index'), rule: 'preload-sees-electron-and-api' },
  { file: 'src-main/preload/probe-node.ts', source: imports('node:fs'), rule: 'preload-sees-electron-and-api' },
  { file: 'src-main/preload/probe-package.ts', source: imports('ws'), rule: 'preload-sees-electron-and-api' },
  { file: 'src-renderer/src/lib/state/probe-engine.ts', source: imports('../../../../src-main/engine/index'), rule: 'renderer-only-uses-the-contract' },
  { file: 'src-renderer/src/lib/state/probe-tfjs.ts', source: imports('@tensorflow/tfjs-core'), rule: 'renderer-only-uses-the-contract' },
  { file: 'src-renderer/src/lib/state/probe-dicom-parser.ts', source: imports('dicom-parser'), rule: 'renderer-only-uses-the-contract' },
  { file: 'src-renderer/src/lib/viewer/probe-codec.ts', source: imports('@cornerstonejs/codec-openjpeg'), rule: 'renderer-only-uses-the-contract' },
  { file: 'src-renderer/src/lib/state/probe-onnxruntime.ts', source: imports('onnxruntime-node'), rule: 'renderer-no-node-packages' },
  { file: 'src-renderer/src/lib/state/probe-ws.ts', source: imports('ws'), rule: 'renderer-no-node-packages' },
  { file: 'src-renderer/src/lib/state/probe-dimse.ts', source: imports('dcmjs-dimse'), rule: 'renderer-no-node-packages' },
  { file: 'src-renderer/src/lib/state/probe-sharp.ts', source: imports('sharp'), rule: 'renderer-no-node-packages' },
  { file: 'src-renderer/src/lib/api/probe-electron.ts', source: imports('electron'), rule: 'renderer-no-node-packages' },
  { file: 'src-renderer/src/lib/state/probe-builtin.ts', source: imports('node:fs'), rule: 'renderer-no-node-builtins' },
  { file: 'src-renderer/src/lib/state/probe-cornerstone.ts', source: imports('cornerstone-core'), rule: 'cornerstone-only-in-viewer' },
  { file: 'src-renderer/src/components/probe-tools.ts', source: imports('cornerstone-tools'), rule: 'cornerstone-only-in-viewer' },
  { file: 'src-renderer/src/panels/probe-hammer.ts', source: imports('hammerjs'), rule: 'cornerstone-only-in-viewer' },
  { file: 'src-main/engine/cycle-a.ts', source: "import { b } from './cycle-b';\nexport const a = () => b;\n", rule: 'no-circular' },
  { file: 'src-main/engine/cycle-b.ts', source: "import { a } from './cycle-a';\nexport const b = () => a;\n", rule: 'no-circular' },
];

interface Cruise {
  modules: { source: string; dependencies: { module: string; couldNotResolve: boolean }[] }[];
  /** A cycle is reported once, from one of its files; `cycle` names every file in it. */
  summary: { violations: { from: string; to: string; rule: { name: string }; cycle?: { name: string }[] }[] };
}

test('every forbidden import of ARCHITECTURE.md is reported under its rule; the allowed ones are not', async () => {
  const scratch = await tempDir('alveo-layer-probes-');
  for (const p of PLANTED) {
    mkdirSync(join(scratch, dirname(p.file)), { recursive: true });
    writeFileSync(join(scratch, p.file), p.source);
  }
  copyFileSync('package.json', join(scratch, 'package.json'));
  copyFileSync('tsconfig.node.json', join(scratch, 'tsconfig.node.json'));
  symlinkSync(resolve('node_modules'), join(scratch, 'node_modules'));
  const r = spawnSync(resolve('node_modules', '.bin', 'depcruise'), ['src-main', 'src-renderer/src', '--config', resolve('.dependency-cruiser.cjs'), '--output-type', 'json'], {
    cwd: scratch,
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  });
  assert.ok(r.stdout.startsWith('{'), `depcruise gave no report:\n${r.stderr}`);
  const cruise = JSON.parse(r.stdout) as Cruise;

  // An import that did not resolve proves nothing about the rule that should catch it.
  const unresolved = cruise.modules.flatMap((m) => m.dependencies.filter((d) => d.couldNotResolve).map((d) => `${m.source} → ${d.module}`));
  assert.deepEqual(unresolved, [], 'planted imports that did not resolve');
  assert.deepEqual(PLANTED.map((p) => p.file).filter((f) => !cruise.modules.some((m) => m.source === f)), [], 'planted files depcruise never read');

  const reported = (file: string) => cruise.summary.violations.filter((v) => v.from === file).map((v) => `${v.rule.name} (→ ${v.to})`);
  const breaks = (v: Cruise['summary']['violations'][number], file: string) => v.from === file || (v.cycle ?? []).some((c) => c.name === file);
  const missed = PLANTED.filter((p) => p.rule !== null && !cruise.summary.violations.some((v) => breaks(v, p.file) && v.rule.name === p.rule));
  assert.deepEqual(missed.map((p) => `${p.file} should break ${p.rule}; reported: ${reported(p.file).join(', ') || 'nothing'}`), []);
  const allowed = PLANTED.filter((p) => p.rule === null);
  assert.deepEqual(allowed.flatMap((p) => reported(p.file).map((v) => `${p.file}: ${v}`)), [], 'allowed imports reported');
});

test('every rule in .dependency-cruiser.cjs has a planted import that breaks it', () => {
  const config = createRequire(import.meta.url)(resolve('.dependency-cruiser.cjs')) as { forbidden: { name: string }[] };
  const probed = new Set(PLANTED.map((p) => p.rule));
  assert.deepEqual(config.forbidden.map((r) => r.name).filter((name) => !probed.has(name)), [], 'rules without a probe in PLANTED');
});
