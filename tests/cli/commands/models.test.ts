import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../support/run-cli';

let home: string;
before(async () => {
  home = await mkdtemp(join(tmpdir(), 'alveo-models-cli-'));
});
after(() => rm(home, { recursive: true, force: true }));

test('alveo models names the inference engine serving the active model, and why a GPU was skipped', async () => {
  const r = await runCli(['models'], { ALVEO_HOME: home });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^\*\s+default\s/m);
  assert.match(r.stdout, /^inference: onnxruntime \((cpu, \d+ threads?|cuda|dml|coreml)\)$/m);
  if (process.platform === 'linux' && /inference: onnxruntime \(cpu/.test(r.stdout)) assert.match(r.stdout, /^ {2}skipped cuda: /m);
});

test('alveo models --json: every line carries the engine; ALVEO_BACKEND=wasm makes it tfjs', async () => {
  const r = await runCli(['models', '--json'], { ALVEO_HOME: home, ALVEO_BACKEND: 'wasm' });
  assert.equal(r.code, 0, r.stderr);
  const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; engine: string });
  assert.ok(rows.some((m) => m.id === 'default'));
  for (const m of rows) assert.match(m.engine, /^tfjs wasm \(/);
});
