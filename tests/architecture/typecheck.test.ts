// TypeScript strict holds everywhere: the Node side (engine, hosts, CLI, tests) and the Svelte renderer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const bin = (name: string) => join('node_modules', '.bin', name);

test('tsc --strict finds no error in src-main, tests and bench', () => {
  const r = spawnSync(bin('tsc'), ['-p', 'tsconfig.node.json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test('svelte-check finds no error in the renderer', () => {
  const r = spawnSync(bin('svelte-check'), ['--tsconfig', './tsconfig.web.json', '--threshold', 'error', '--output', 'machine'], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  // A check that found no file would also pass: it must have read the renderer's components.
  const done = /COMPLETED (\d+) FILES (\d+) ERRORS/.exec(r.stdout);
  assert.ok(done, r.stdout);
  assert.ok(Number(done[1]) > 40, `svelte-check read ${done[1]} files`);
  assert.equal(done[2], '0');
});
