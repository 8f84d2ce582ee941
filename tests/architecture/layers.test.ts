// The layer rules of ARCHITECTURE.md, enforced with dependency-cruiser (it also sees import() and require()).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

test('engine, api, cli, hosts and renderer respect their layers, with no cycles', () => {
  const bin = join('node_modules', '.bin', 'depcruise');
  const r = spawnSync(bin, ['src-main', 'src-renderer/src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, `dependency violations:\n${r.stdout}\n${r.stderr}`);
});
