import assert from 'node:assert/strict';
import { copyFile, cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseCsv } from '../../engine/inference/support/parse-csv';
import { useCliFixtures } from '../support/cli-fixtures';
import { runCli } from '../support/run-cli';

const cli = useCliFixtures();

test('score --shard I/N on 3 machines, then merge: the same rows as one unsharded run (also for file names a spreadsheet would run)', async () => {
  // The fixture folder, with names the CSV escapes for spreadsheets: `-dash.png`, and a NAS's @eaDir.
  const folder = join(cli.fx.dir, 'odd');
  await cp(cli.fx.folder, folder, { recursive: true });
  await copyFile(cli.fx.png, join(folder, '-dash.png'));
  await mkdir(join(folder, '@eaDir'));
  await copyFile(cli.fx.png, join(folder, '@eaDir', 'thumb.png'));
  const whole = join(cli.fx.dir, 'whole.csv');
  const r = await runCli(['score', folder, '--recursive', '--csv', whole, '--model', 'small-a'], cli.env);
  assert.equal(r.code, 1, r.stderr); // c.jpg fails: exit 1, some inputs failed
  const parts: string[] = [];
  const sizes: number[] = [];
  for (let i = 0; i < 3; i++) {
    const part = join(cli.fx.dir, `part-${i}.csv`);
    const s = await runCli(['score', folder, '--recursive', '--shard', `${i}/3`, '--csv', part, '--model', 'small-a'], cli.env);
    const rows = parseCsv(await readFile(part, 'utf8')).slice(1);
    assert.equal(s.code, rows.some((f) => f[5] !== '') ? 1 : 0, s.stderr); // 1 only for the shard holding the failed image
    parts.push(part);
    sizes.push(rows.length);
  }
  assert.equal(sizes.reduce((a, b) => a + b), 6, `shard sizes ${sizes.join(', ')}`);
  const out = join(cli.fx.dir, 'merged.csv');
  const m = await runCli(['merge', ...parts, '--csv', out, '--folder', folder, '--recursive'], cli.env);
  assert.equal(m.code, 0, m.stderr);
  assert.match(m.stderr, /6 rows from 3 parts \(1 failed, model small-a, every image of .* present\)/);
  // The same rows and cells but the time each run started.
  const merged = parseCsv(await readFile(out, 'utf8'));
  const runAt = merged[0].indexOf('run_at');
  const unsharded = parseCsv(await readFile(whole, 'utf8'));
  const drop = (csv: string[][]) => csv.map((row) => row.filter((_, i) => i !== runAt));
  assert.deepEqual(drop(merged), drop(unsharded));
  assert.ok(merged.some((row) => row[0] === "'-dash.png") && merged.some((row) => row[0] === "'@eaDir/thumb.png"), 'escaped for spreadsheets, once');
});

test('merge: a part given twice or a different model is refused, exit 1, nothing written', async () => {
  const p0 = join(cli.fx.dir, 'm0.csv');
  const p1 = join(cli.fx.dir, 'm1.csv');
  assert.notEqual((await runCli(['score', cli.fx.folder, '--shard', '0/2', '--csv', p0, '--model', 'small-a'], cli.env)).code, 2);
  assert.notEqual((await runCli(['score', cli.fx.folder, '--shard', '1/2', '--csv', p1, '--model', 'small-t'], cli.env)).code, 2);
  const out = join(cli.fx.dir, 'never.csv');
  const dup = await runCli(['merge', p0, p0, '--csv', out], cli.env);
  assert.equal(dup.code, 1);
  assert.match(dup.stderr, /alveo merge: \d+ file\(s\) appear more than once/);
  const mixed = await runCli(['merge', p0, p1, '--csv', out], cli.env);
  assert.equal(mixed.code, 1);
  assert.match(mixed.stderr, /2 different models: 'small-a' .*, 'small-t'/);
  await assert.rejects(readFile(out), /ENOENT/);
  // Shard 1 of 2 alone leaves images out: --folder says which.
  const half = await runCli(['merge', p0, '--csv', out, '--folder', cli.fx.folder], cli.env);
  assert.equal(half.code, 1);
  assert.match(half.stderr, /image\(s\) of .* are in no part/);
  // Without --folder it merges, and says that completeness was not checked.
  const unchecked = await runCli(['merge', p0, '--csv', out], cli.env);
  assert.equal(unchecked.code, 0, unchecked.stderr);
  assert.match(unchecked.stderr, /not checked that every image is in some part: add --folder FOLDER/);
  await rm(out);
  // A cancelled shard's NAME.partial.csv is refused by name: it is not all of its shard.
  const partial = join(cli.fx.dir, 'm0.partial.csv');
  await copyFile(p0, partial);
  const cut = await runCli(['merge', partial, p1, '--csv', out], cli.env);
  assert.equal(cut.code, 1);
  assert.match(cut.stderr, /m0\.partial\.csv: a cancelled run's partial rows, not a whole shard/);
  await assert.rejects(readFile(out), /ENOENT/);
});

test('score --shard and merge reject bad arguments with exit 2', async () => {
  const bad = await runCli(['score', cli.fx.folder, '--shard', '3/3'], cli.env);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--shard 3\/3: I must be a whole number from 0 to 2/);
  assert.equal((await runCli(['merge', '--csv', join(cli.fx.dir, 'x.csv')], cli.env)).code, 2);
  const notCsv = join(cli.fx.dir, 'not-score.csv');
  await writeFile(notCsv, 'a,b\n1,2\n');
  const r = await runCli(['merge', notCsv, '--csv', join(cli.fx.dir, 'y.csv')], cli.env);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /not-score\.csv: not an alveo score CSV/);
});
