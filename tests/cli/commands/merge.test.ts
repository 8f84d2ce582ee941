import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parseCsv } from '../../engine/inference/support/parse-csv';
import { makeCliFixtures, type CliFixtures } from '../support/cli-fixtures';
import { runCli } from '../support/run-cli';

let fx: CliFixtures;
let env: Record<string, string>;
before(async () => {
  fx = await makeCliFixtures();
  env = { ALVEO_HOME: fx.home };
});
after(() => rm(fx.dir, { recursive: true, force: true }));

test('score --shard I/N on 3 machines, then merge: the same rows as one unsharded run', async () => {
  const whole = join(fx.dir, 'whole.csv');
  const r = await runCli(['score', fx.folder, '--recursive', '--csv', whole, '--model', 'small-a'], env);
  assert.equal(r.code, 1, r.stderr); // c.jpg fails: exit 1, some inputs failed
  const parts: string[] = [];
  const sizes: number[] = [];
  for (let i = 0; i < 3; i++) {
    const part = join(fx.dir, `part-${i}.csv`);
    const s = await runCli(['score', fx.folder, '--recursive', '--shard', `${i}/3`, '--csv', part, '--model', 'small-a'], env);
    const rows = parseCsv(await readFile(part, 'utf8')).slice(1);
    assert.equal(s.code, rows.some((f) => f[5] !== '') ? 1 : 0, s.stderr); // 1 only for the shard holding the failed image
    parts.push(part);
    sizes.push(rows.length);
  }
  assert.equal(sizes.reduce((a, b) => a + b), 4, `shard sizes ${sizes.join(', ')}`);
  const out = join(fx.dir, 'merged.csv');
  const m = await runCli(['merge', ...parts, '--csv', out, '--folder', fx.folder, '--recursive'], env);
  assert.equal(m.code, 0, m.stderr);
  assert.match(m.stderr, /4 rows from 3 parts \(1 failed, model small-a, every image of .* present\)/);
  assert.deepEqual(parseCsv(await readFile(out, 'utf8')), parseCsv(await readFile(whole, 'utf8')));
});

test('merge: a part given twice or a different model is refused, exit 1, nothing written', async () => {
  const p0 = join(fx.dir, 'm0.csv');
  const p1 = join(fx.dir, 'm1.csv');
  assert.notEqual((await runCli(['score', fx.folder, '--shard', '0/2', '--csv', p0, '--model', 'small-a'], env)).code, 2);
  assert.notEqual((await runCli(['score', fx.folder, '--shard', '1/2', '--csv', p1, '--model', 'small-t'], env)).code, 2);
  const out = join(fx.dir, 'never.csv');
  const dup = await runCli(['merge', p0, p0, '--csv', out], env);
  assert.equal(dup.code, 1);
  assert.match(dup.stderr, /alveo merge: \d+ file\(s\) appear more than once/);
  const mixed = await runCli(['merge', p0, p1, '--csv', out], env);
  assert.equal(mixed.code, 1);
  assert.match(mixed.stderr, /2 different models: 'small-a' .*, 'small-t'/);
  await assert.rejects(readFile(out), /ENOENT/);
  // Shard 1 of 2 alone leaves images out: --folder says which.
  const half = await runCli(['merge', p0, '--csv', out, '--folder', fx.folder], env);
  assert.equal(half.code, 1);
  assert.match(half.stderr, /image\(s\) of .* are in no part/);
});

test('score --shard and merge reject bad arguments with exit 2', async () => {
  const bad = await runCli(['score', fx.folder, '--shard', '3/3'], env);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--shard 3\/3: I must be a whole number from 0 to 2/);
  assert.equal((await runCli(['merge', '--csv', join(fx.dir, 'x.csv')], env)).code, 2);
  const notCsv = join(fx.dir, 'not-score.csv');
  await writeFile(notCsv, 'a,b\n1,2\n');
  const r = await runCli(['merge', notCsv, '--csv', join(fx.dir, 'y.csv')], env);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /not-score\.csv: not an alveo score CSV/);
});
