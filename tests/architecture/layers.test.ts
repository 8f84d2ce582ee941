// The layer rules of ARCHITECTURE.md, enforced with dependency-cruiser (it also sees import() and require()).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

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

// The api-no-cycle rule must see type-only imports too (the general no-circular rule ignores
// them): a two-file `import type` cycle in a scratch src-main/api is reported.
test('a type-only import cycle inside src-main/api is a violation', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'alveo-api-cycle-'));
  try {
    mkdirSync(join(scratch, 'src-main', 'api'), { recursive: true });
    writeFileSync(join(scratch, 'src-main', 'api', 'a.ts'), "import type { B } from './b';\nexport interface A { b?: B }\n");
    writeFileSync(join(scratch, 'src-main', 'api', 'b.ts'), "import type { A } from './a';\nexport interface B { a?: A }\n");
    writeFileSync(join(scratch, 'tsconfig.node.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'esnext', moduleResolution: 'bundler' }, include: ['src-main'] }));
    const r = spawnSync(resolve('node_modules', '.bin', 'depcruise'), ['src-main', '--config', resolve('.dependency-cruiser.cjs'), '--output-type', 'err'], {
      cwd: scratch,
      encoding: 'utf8',
    });
    assert.notEqual(r.status, 0, `the cycle was not reported:\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /api-no-cycle/);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
