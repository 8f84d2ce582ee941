import assert from 'node:assert/strict';
import { copyFile, cp, mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { parseCsv } from '../../engine/inference/support/parse-csv';
import { writeGrayPng } from '../../engine/inference/support/draw-png';
import { useCliFixtures } from '../support/cli-fixtures';
import { modelWeightsSha256 } from '../../../src-main/engine/model/model-weights-hash';
import { ModelStore } from '../../../src-main/engine/model/model-store';
import { engineVersion } from '../../../src-main/engine/engine-version';
import { GUARDRAIL_RULES_VERSION } from '../../../src-main/engine/guardrails/rules-version';
import { runCli, startCli } from '../support/run-cli';
import { KERMANY_VAL, REPO_ROOT, skipUnless } from '../../engine/inference/support/shared-data';

const cli = useCliFixtures();

const HEADER = ['file', 'probability', 'label', 'threshold', 'model', 'error', 'warnings', 'status', 'warning_codes', 'notes', 'model_sha256', 'views', 'engine', 'alveo', 'run_at', 'age_unknown', 'guardrail_rules', 'temperature'];
/** The rows without run_at (the one column two runs of the same folder differ in). */
const withoutRunAt = (csv: string[][]) => csv.map((r) => r.filter((_, i) => i !== HEADER.indexOf('run_at')));

test('score FOLDER: CSV on stdout with the exact columns, one row per image, progress on stderr', async () => {
  const r = await runCli(['score', cli.fx.folder, '--model', 'small-a'], cli.env);
  assert.equal(r.code, 1, r.stderr); // c.jpg failed: exit 1, some inputs failed
  const csv = parseCsv(r.stdout);
  assert.deepEqual(csv[0], HEADER);
  assert.deepEqual(csv.slice(1).map((f) => basename(f[0])), ['a.png', 'b.dcm', 'c.jpg']);
  const [a, , c] = csv.slice(1);
  assert.ok(Number(a[1]) >= 0 && Number(a[1]) <= 1);
  assert.equal(a[2], Number(a[1]) >= 0.5 ? 'PNEUMONIA' : 'NORMAL');
  assert.deepEqual([a[3], a[4], a[5]], ['0.5', 'small-a', '']);
  assert.ok(a[6].startsWith('model is untrained: output is meaningless'), a[6]);
  assert.deepEqual([c[1], c[2], c[3]], ['', '', '']);
  assert.match(c[5], /not a DICOM, JPEG or PNG/);
  // Every row names what produced it: the weights' sha256 (as its DICOM results do), views, engine, version, time, policy, rules.
  const sha = await modelWeightsSha256((await new ModelStore({ builtInDir: join(cli.fx.dir, 'no-builtins'), userDir: cli.fx.home }).get('small-a')).dir);
  for (const row of csv.slice(1)) {
    const at = (k: string) => row[HEADER.indexOf(k)];
    assert.deepEqual([at('model_sha256'), at('views'), at('alveo'), at('age_unknown'), at('guardrail_rules')], [sha, '1', engineVersion(), 'hold-back', String(GUARDRAIL_RULES_VERSION)]);
    assert.match(at('engine'), /^onnxruntime \(/);
    assert.ok(Math.abs(Date.parse(at('run_at')) - Date.now()) < 10 * 60_000, at('run_at'));
  }
  assert.match(r.stderr, /scored 3\/3/);
  assert.match(r.stderr, /2 scored, 1 failed \(onnxruntime \((cpu, \d+ threads?|cuda|dml|coreml)\)\)/);
});

test('score --recursive --csv OUT: the file holds the CSV, stdout stays empty', async () => {
  const out = join(cli.fx.dir, 'out', 'scores.csv');
  await mkdir(join(cli.fx.dir, 'out')); // a missing folder is an error (score-csv-paths.test.ts)
  const r = await runCli(['score', cli.fx.folder, '--recursive', '--csv', out, '--model', 'small-a'], cli.env);
  assert.equal(r.code, 1, r.stderr); // c.jpg failed
  assert.equal(r.stdout, '');
  const csv = parseCsv(await readFile(out, 'utf8'));
  assert.deepEqual(csv[0], HEADER);
  assert.deepEqual(csv.slice(1).map((f) => basename(f[0])), ['a.png', 'b.dcm', 'c.jpg', 'd.png']);
  // Owner-only, as the app's worklist export.
  if (process.platform !== 'win32') assert.equal((await stat(out)).mode & 0o777, 0o600);
});

test('score a second time: says how many came from the cache and gives a rate only for images computed', { skip: skipUnless(KERMANY_VAL) }, async () => {
  const folder = join(cli.fx.dir, 'cache-run');
  await mkdir(folder);
  const real = (await readdir(join(KERMANY_VAL, 'NORMAL'))).filter((f) => f.endsWith('.jpeg')).sort();
  for (const f of real.slice(0, 3)) await copyFile(join(KERMANY_VAL, 'NORMAL', f), join(folder, f));
  const summary = (stderr: string) => stderr.trimEnd().split('\n').at(-1) ?? '';

  const first = await runCli(['score', folder, '--model', 'small-a'], cli.env);
  assert.equal(first.code, 0, first.stderr);
  assert.match(summary(first.stderr), /^3 scored, 0 failed \(onnxruntime /, 'nothing cached yet: no cache count');
  assert.match(first.stderr, /scored 3\/3  \d+\.\d images\/s/);

  const cached = await runCli(['score', folder, '--model', 'small-a'], cli.env);
  assert.equal(cached.code, 0, cached.stderr);
  assert.match(summary(cached.stderr), /^3 scored \(3 from the cache, none computed\), 0 failed \(onnxruntime /);
  assert.doesNotMatch(cached.stderr, /images\/s/, 'no rate when no image was computed');
  assert.deepEqual(withoutRunAt(parseCsv(cached.stdout)), withoutRunAt(parseCsv(first.stdout)), 'the same scores');

  await copyFile(join(KERMANY_VAL, 'NORMAL', real[3]), join(folder, real[3]));
  const mixed = await runCli(['score', folder, '--model', 'small-a'], cli.env);
  assert.equal(mixed.code, 0, mixed.stderr);
  assert.match(summary(mixed.stderr), /^4 scored \(3 from the cache; 1 computed at \d+\.\d images\/s\), 0 failed /);
});

test('score: a folder with no image (empty, or only other files) exits 1 and says so; an earlier CSV is not replaced', async () => {
  const empty = join(cli.fx.dir, 'no-images');
  await mkdir(empty);
  await writeFile(join(empty, 'readme.txt'), 'not an image');
  const out = join(cli.fx.dir, 'no-images.csv');
  await writeFile(out, 'an earlier run\n');
  const r = await runCli(['score', empty, '--csv', out, '--model', 'small-a'], cli.env);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr.trimEnd().split('\n').at(-1) ?? '', /^alveo score: no image \(DICOM, JPEG or PNG\) found in .*no-images \(add --recursive for its sub-folders\); .*no-images\.csv not written$/);
  assert.equal(await readFile(out, 'utf8'), 'an earlier run\n', 'nothing lost');
});

test('score without a FOLDER, or with two, says which and exits 2', async () => {
  const none = await runCli(['score', '--model', 'small-a'], cli.env);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /^alveo score: give the FOLDER to score\nusage: alveo score FOLDER/);
  const two = await runCli(['score', cli.fx.folder, cli.fx.folder], cli.env);
  assert.equal(two.code, 2);
  assert.match(two.stderr, /one FOLDER at a time \(got 2\); to score single files, run alveo predict/);
});

test('score: a missing folder is an error, exit 1', async () => {
  const r = await runCli(['score', join(cli.fx.dir, 'nope'), '--model', 'small-a'], cli.env);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /folder not found/);
});

test('Ctrl-C cancels and keeps what is done', async () => {
  const many = join(cli.fx.dir, 'many');
  await mkdir(many);
  const N = 120;
  for (let i = 0; i < N; i++) {
    // Distinct images (the cache would otherwise answer duplicates at once).
    await writeGrayPng(join(many, `img${String(i).padStart(3, '0')}.png`), 200, 200, [{ top: i, left: 10, height: 40, width: 40 + (i % 50), value: 250 }], 20);
  }
  const out = join(cli.fx.dir, 'cancelled.csv');
  await writeFile(out, 'an earlier complete run\n'); // a cancelled run must not replace it
  // --json beside --csv prints a line per scored row: the moment to cancel, without waiting for the
  // throttled progress line (a fast machine scores all 120 before it).
  const run = startCli(['score', many, '--model', 'small-a', '--csv', out, '--json'], cli.env);
  const stdoutRun = startCli(['score', many, '--model', 'small-t'], cli.env);
  // Cancel each, on its own, as soon as it has scored a few rows.
  const cancelAfter = async (rows: () => number, child: typeof run.child) => {
    while (rows() < 3) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGINT');
  };
  await Promise.all([
    cancelAfter(() => run.stdout().split('\n').filter((l) => l.includes('"probability"')).length, run.child),
    cancelAfter(() => parseCsv(stdoutRun.stdout()).length - 1, stdoutRun.child),
  ]);
  const [r1, r2] = await Promise.all([run.done, stdoutRun.done]);
  assert.equal(r1.code, 130, r1.stderr);
  assert.match(r1.stderr, /cancelling/);
  // The rows done go beside it, named partial, and the run says how to finish.
  assert.equal(await readFile(out, 'utf8'), 'an earlier complete run\n');
  const partial = join(cli.fx.dir, 'cancelled.partial.csv');
  assert.match(r1.stderr, /-> .*cancelled\.partial\.csv/);
  assert.match(r1.stderr, /partial: the same command again finishes/);
  const csv = parseCsv(await readFile(partial, 'utf8'));
  assert.deepEqual(csv[0], HEADER);
  assert.ok(csv.length - 1 >= 1 && csv.length - 1 < N, `${csv.length - 1} rows kept of ${N}`);
  // Run again to the end: the complete CSV replaces the old one and the stale part is gone.
  const r3 = await runCli(['score', many, '--model', 'small-a', '--csv', out], cli.env);
  assert.equal(r3.code, 0, r3.stderr);
  assert.equal(parseCsv(await readFile(out, 'utf8')).length - 1, N);
  assert.equal(existsSync(partial), false);
  assert.equal(r2.code, 130, r2.stderr);
  const streamed = parseCsv(r2.stdout);
  assert.ok(streamed.length - 1 >= 2 && streamed.length - 1 < N, `${streamed.length - 1} rows`);
  assert.ok(streamed.slice(1).every((f) => f[4] === 'small-t' && f[5] === ''));
});

test('a run that fails in the job (here --one-view on a model without a one-view threshold) writes no CSV and leaves an earlier one alone', async () => {
  const dir = join(cli.fx.dir, 'no-one-view');
  await cp(join(REPO_ROOT, 'models', 'default'), dir, { recursive: true });
  const cardFile = join(dir, 'card.json');
  const card = JSON.parse(await readFile(cardFile, 'utf8')) as { testTimeAugmentation?: { oneView?: unknown } };
  assert.ok(card.testTimeAugmentation?.oneView, 'the shipped card has a one-view threshold to take away');
  delete card.testTimeAugmentation.oneView;
  await writeFile(cardFile, JSON.stringify(card));
  const out = join(cli.fx.dir, 'precious.csv');
  await writeFile(out, 'an earlier complete run\n');
  const r = await runCli(['score', cli.fx.folder, '--model', dir, '--one-view', '--csv', out], cli.env);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /no one-view threshold/);
  assert.equal(await readFile(out, 'utf8'), 'an earlier complete run\n');
  assert.equal(existsSync(join(cli.fx.dir, 'precious.partial.csv')), false);
});
