// Files that may hold patient data are created owner-only (0600) by every command: score's and
// merge's CSVs, evaluate's report, gradcam's and explain's image of the patient. A target that already exists keeps its mode (an admin who made
// it readable by a consumer group on purpose), and only then.
import assert from 'node:assert/strict';
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { getTf } from '../../../src-main/engine/model/tf-backend';
import { saveSmallModel } from '../../engine/inference/support/small-resnet';
import { writeImage } from '../../engine/training/support/draw-images';
import { tempDir } from '../../support/temp-dir';
import { useCliFixtures } from '../support/cli-fixtures';
import { runCli } from '../support/run-cli';

const cli = useCliFixtures();
const skip = process.platform === 'win32' ? 'POSIX permission bits' : false;
const modeOf = async (file: string) => (await stat(file)).mode & 0o777;

test('score --csv: a new CSV is 0600; an existing 0644 target becomes 0640 (its group kept, never readable by all)', { skip }, async () => {
  const fresh = join(cli.fx.dir, 'fresh.csv');
  assert.equal((await runCli(['score', cli.fx.folder, '--csv', fresh, '--model', 'small-a'], cli.env)).code, 1); // c.jpg fails
  assert.equal(await modeOf(fresh), 0o600);
  const shared = join(cli.fx.dir, 'shared.csv');
  await writeFile(shared, 'made by the admin\n');
  await chmod(shared, 0o644);
  const r = await runCli(['score', cli.fx.folder, '--csv', shared, '--model', 'small-a'], cli.env);
  assert.equal(r.code, 1, r.stderr);
  assert.match(await readFile(shared, 'utf8'), /^file,probability/, 'replaced');
  assert.equal((await modeOf(shared)).toString(8), '640');
});

test('merge --csv: a new merged CSV is 0600 (it may carry PatientName/PatientID); an existing 0664 target becomes 0660', { skip }, async () => {
  const part = join(cli.fx.dir, 'part.csv');
  await runCli(['score', cli.fx.folder, '--csv', part, '--columns', 'PatientName,PatientID', '--model', 'small-a'], cli.env);
  const merged = join(cli.fx.dir, 'merged.csv');
  const m = await runCli(['merge', part, '--csv', merged], cli.env);
  assert.equal(m.code, 0, m.stderr);
  assert.match(await readFile(merged, 'utf8'), /PatientName/);
  assert.equal((await modeOf(merged)).toString(8), '600');
  const group = join(cli.fx.dir, 'group.csv');
  await writeFile(group, 'old\n');
  await chmod(group, 0o664); // wider than 0666 less a 022 umask: the group's bits kept, not as open() would make them
  assert.equal((await runCli(['merge', part, '--csv', group], cli.env)).code, 0);
  assert.equal((await modeOf(group)).toString(8), '660');
});

test('evaluate --report: report.json and report.html are 0600', { skip }, async () => {
  const root = await tempDir('alveo-cli-eval-modes-');
  const home = join(root, 'home');
  await saveSmallModel(await getTf('wasm'), { builtInDir: join(root, 'none'), userDir: home, id: 'm1', seed: 9, trained: true, threshold: 0.42 });
  const data = join(root, 'data');
  for (let i = 0; i < 2; i++) {
    await writeImage(join(data, 'test', 'NORMAL', `IM-000${i}-0001.png`), 'png', 40, i, false);
    await writeImage(join(data, 'test', 'PNEUMONIA', `person${i}_virus_1.png`), 'png', 40, 9 + i, true);
  }
  const report = join(root, 'report');
  const r = await runCli(['evaluate', '--data', data, '--model', 'm1', '--report', report], { ALVEO_HOME: home, ALVEO_BACKEND: 'wasm' });
  assert.equal(r.code, 0, r.stderr);
  assert.equal((await modeOf(join(report, 'report.json'))).toString(8), '600');
  assert.equal((await modeOf(join(report, 'report.html'))).toString(8), '600');
});

test('gradcam --out: the PNG (the patient\'s image with its heat map) is 0600', { skip }, async () => {
  const out = join(cli.fx.dir, 'cam.png');
  const r = await runCli(['gradcam', cli.fx.png, '--out', out, '--model', 'small-a'], cli.env);
  assert.equal(r.code, 0, r.stderr);
  assert.equal((await modeOf(out)).toString(8), '600');
});
