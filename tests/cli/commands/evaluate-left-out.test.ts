// alveo evaluate on awkward folders: a one-class folder prints n/a (JSON null) for the metrics it
// leaves undefined, with a warning, and exits 0; every labelled file that is not evaluated is
// listed (a GIF named .jpeg and a dangling link fail, a text file is skipped) and exits 1, as score
// does; a Kermany root's other splits are not listed.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { getTf } from '../../../src-main/engine/model/tf-backend';
import { saveSmallModel } from '../../engine/inference/support/small-resnet';
import { writeImage } from '../../engine/training/support/draw-images';
import { runCli } from '../support/run-cli';

let root = '';
let env: Record<string, string> = {};

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'alveo-cli-eval-left-'));
  const home = join(root, 'home');
  await saveSmallModel(await getTf('wasm'), { builtInDir: join(root, 'none'), userDir: home, id: 'm1', seed: 3, trained: true, threshold: 0.5 });
  env = { ALVEO_HOME: home, ALVEO_BACKEND: 'wasm' };
});
after(() => rm(root, { recursive: true, force: true }));

test('a one-class folder: undefined metrics read n/a (null in JSON) with a warning, exit 0', async () => {
  const data = join(root, 'oneclass');
  for (let i = 0; i < 4; i++) await writeImage(join(data, 'NORMAL', `IM-000${i}-0001.png`), 'png', 40, i, false);
  const report = join(root, 'report-oneclass');
  const j = await runCli(['evaluate', '--data', data, '--model', 'm1', '--json', '--report', report], env);
  assert.equal(j.code, 0, j.stderr);
  const out = JSON.parse(j.stdout) as Record<string, unknown>;
  assert.equal(out.n, 4);
  for (const k of ['sensitivity', 'f1', 'auc', 'prAuc']) assert.equal(out[k], null, `${k} is undefined without PNEUMONIA images`);
  assert.equal(typeof out.specificity, 'number');
  assert.equal(typeof out.accuracy, 'number');
  const cm = out.confusion as { tp: number; fp: number; tn: number; fn: number };
  // Precision is defined exactly when some image was called PNEUMONIA (then it is 0: all are NORMAL).
  assert.equal(out.precision, cm.fp > 0 ? 0 : null);
  const undef = (out.undefinedMetrics as Array<{ metric: string; reason: string }>).map((u) => u.metric);
  // NPV likewise when some image was called NORMAL (then it is 1: all are NORMAL).
  assert.equal(out.npv, cm.tn > 0 ? 1 : null);
  assert.deepEqual(undef.filter((m) => m !== 'precision' && m !== 'npv'), ['sensitivity', 'f1', 'auc', 'prAuc']);
  assert.deepEqual(out.roc, [], 'no ROC curve without both classes');
  assert.match(j.stderr, /warning: only NORMAL images \(no PNEUMONIA\)[^\n]*sensitivity[^\n]*ROC-AUC[^\n]*undefined/);
  const written = JSON.parse(await readFile(join(report, 'report.json'), 'utf8')) as Record<string, unknown>;
  assert.equal(written.sensitivity, null);
  assert.equal(written.auc, null);
  const html = await readFile(join(report, 'report.html'), 'utf8');
  assert.match(html, /Sensitivity \(recall\)<\/th><td>n\/a/);
  assert.match(html, /Warning: only NORMAL images/);
  assert.doesNotMatch(html, /NaN/);

  const t = await runCli(['evaluate', '--data', data, '--model', 'm1'], env);
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stdout, /sensitivity n\/a {2}specificity [\d.]+/);
  assert.match(t.stdout, /F1 n\/a {2}ROC-AUC n\/a {2}PR-AUC n\/a/);
  assert.match(t.stderr, /warning: only NORMAL images/);
});

test('every labelled file left out is listed: a GIF named .jpeg and a dangling link fail, a text file is skipped', async () => {
  const data = join(root, 'bad');
  for (let i = 0; i < 3; i++) {
    await writeImage(join(data, 'NORMAL', `n${i}.png`), 'png', 40, i, false);
    await writeImage(join(data, 'PNEUMONIA', `p${i}.jpeg`), 'jpeg', 40, 9 + i, true);
  }
  await writeFile(join(data, 'PNEUMONIA', 'fake.jpeg'), Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(64, 1)]));
  await symlink(join(root, 'does-not-exist.jpeg'), join(data, 'PNEUMONIA', 'broken.jpeg'));
  await writeFile(join(data, 'NORMAL', 'notes.txt'), 'seen by Dr A\n');

  const j = await runCli(['evaluate', '--data', data, '--model', 'm1', '--json'], env);
  assert.equal(j.code, 1, `exit 1: some inputs failed\n${j.stderr}`);
  const out = JSON.parse(j.stdout) as { n: number; failed: Array<{ file: string; reason: string }>; skipped: Array<{ file: string; reason: string }>; dataset: { skipped: number }; sensitivity: number };
  assert.equal(out.n, 6);
  assert.equal(typeof out.sensitivity, 'number', 'both classes: the metrics are defined');
  assert.deepEqual(out.failed.map((f) => f.file), [join(data, 'PNEUMONIA', 'broken.jpeg'), join(data, 'PNEUMONIA', 'fake.jpeg')]);
  assert.match(out.failed[0].reason, /broken link/);
  assert.match(out.failed[1].reason, /GIF/);
  assert.deepEqual(out.skipped, [{ file: join(data, 'NORMAL', 'notes.txt'), reason: 'a text file' }]);
  assert.equal(out.dataset.skipped, 1);
  assert.match(j.stderr, /failed: PNEUMONIA\/broken\.jpeg: a broken link/);
  assert.match(j.stderr, /failed: PNEUMONIA\/fake\.jpeg: [^\n]*GIF/);
  assert.match(j.stderr, /skipped: NORMAL\/notes\.txt: a text file/);

  const t = await runCli(['evaluate', '--data', data, '--model', 'm1'], env);
  assert.equal(t.code, 1);
  assert.match(t.stdout, /^n 6 \(3 NORMAL, 3 PNEUMONIA\), 2 failed, 1 skipped$/m);
  assert.match(t.stderr, /warning: 2 labelled files could not be read or decoded/);

  // score classifies the same files the same way (both are failed there too).
  const s = await runCli(['score', data, '--recursive', '--model', 'm1', '--json'], env);
  const rows = s.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; error?: string | null; skipped?: string });
  const scoreFailed = rows.filter((r) => r.error).map((r) => r.file).sort();
  const scoreListed = rows.filter((r) => r.error || r.skipped).map((r) => r.file).sort();
  assert.ok(scoreFailed.some((f) => f.endsWith('fake.jpeg')), s.stdout);
  assert.equal(scoreListed.length, 3, `score lists the same three files: ${scoreListed.join(', ')}`);
});

test('a Kermany root evaluated on its test folder does not list the other splits\' files', async () => {
  const data = join(root, 'kermany');
  for (let i = 0; i < 2; i++) {
    await writeImage(join(data, 'test', 'NORMAL', `IM-000${i}-0001.png`), 'png', 40, i, false);
    await writeImage(join(data, 'test', 'PNEUMONIA', `person${i}_virus_1.png`), 'png', 40, 9 + i, true);
  }
  await writeImage(join(data, 'train', 'NORMAL', 'IM-0100-0001.png'), 'png', 40, 20, false);
  await writeImage(join(data, 'train', 'PNEUMONIA', 'person9_virus_1.png'), 'png', 40, 30, true);
  await writeFile(join(data, 'train', 'PNEUMONIA', 'fake.jpeg'), Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(64, 1)]));
  await writeFile(join(data, 'train', 'NORMAL', 'notes.txt'), 'train notes\n');
  await writeFile(join(data, 'test', 'PNEUMONIA', 'fake.jpeg'), Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(64, 1)]));
  const j = await runCli(['evaluate', '--data', data, '--model', 'm1', '--json'], env);
  assert.equal(j.code, 1, j.stderr);
  const out = JSON.parse(j.stdout) as { n: number; failed: Array<{ file: string }> };
  assert.equal(out.n, 4);
  assert.deepEqual(out.failed.map((f) => f.file), [join(data, 'test', 'PNEUMONIA', 'fake.jpeg')]);
});
