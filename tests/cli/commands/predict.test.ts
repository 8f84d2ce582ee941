import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { engineVersion } from '../../../src-main/engine/engine-version';
import { useCliFixtures } from '../support/cli-fixtures';
import { runCli } from '../support/run-cli';
import { getTf } from '../../../src-main/engine/model/tf-backend';
import { saveSmallModel } from '../../engine/inference/support/small-resnet';
import { KERMANY_VAL, DICOM_SMALL, skipUnless } from '../../engine/inference/support/shared-data';

const cli = useCliFixtures();

const lines = (s: string) => s.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

test('predict --json: one line per file, exact keys; errors as {file, error}; exit 1 as some failed', async () => {
  const missing = join(cli.fx.dir, 'missing.dcm');
  const r = await runCli(['predict', cli.fx.png, cli.fx.dcm, cli.fx.text, missing, '--model', 'small-a', '--json'], cli.env);
  assert.equal(r.code, 1, r.stderr);
  const out = lines(r.stdout);
  assert.equal(out.length, 4);
  for (const [i, file] of [cli.fx.png, cli.fx.dcm].entries()) {
    const o = out[i];
    assert.deepEqual(Object.keys(o), ['file', 'probability', 'label', 'threshold', 'model', 'engine', 'ms', 'warnings', 'warningCodes', 'status', 'notes', 'modelSha256', 'views', 'alveo', 'temperature']);
    // As score's rows: held back for its warnings (the model is untrained), named by its weights.
    assert.equal(o.status, 'held back');
    assert.equal((o.warningCodes as string[])[0], 'untrained');
    assert.equal((o.warningCodes as string[]).length, (o.warnings as string[]).length, 'one code per warning');
    assert.match(String(o.modelSha256), /^[0-9a-f]{64}$/);
    assert.deepEqual([o.views, o.alveo], [1, engineVersion()]);
    // ONNX Runtime serves by default (issue 11), on the CPU here.
    assert.match(String(o.engine), /^onnxruntime \((cpu, \d+ threads?|cuda|dml|coreml)\)$/);
    assert.equal(o.file, file);
    assert.ok(typeof o.probability === 'number' && o.probability >= 0 && o.probability <= 1);
    assert.equal(o.label, (o.probability as number) >= 0.5 ? 'PNEUMONIA' : 'NORMAL');
    assert.equal(o.threshold, 0.5);
    assert.equal(o.model, 'small-a');
    assert.ok(typeof o.ms === 'number' && o.ms > 0);
    assert.ok(Array.isArray(o.warnings));
    assert.equal((o.warnings as string[])[0], 'model is untrained: output is meaningless');
  }
  assert.deepEqual(Object.keys(out[2]), ['file', 'error']);
  assert.equal(out[2].file, cli.fx.text);
  assert.match(String(out[2].error), /not a DICOM, JPEG or PNG/);
  assert.equal(out[3].file, missing);
  assert.match(String(out[3].error), /no such file|not found/i);
});

test('predict --json with ALVEO_BACKEND=wasm: tfjs serves, says so, and agrees with ONNX Runtime', async () => {
  const ort = lines((await runCli(['predict', cli.fx.png, cli.fx.dcm, '--model', 'small-a', '--json'], cli.env)).stdout);
  const r = await runCli(['predict', cli.fx.png, cli.fx.dcm, '--model', 'small-a', '--json'], { ...cli.env, ALVEO_BACKEND: 'wasm' });
  assert.equal(r.code, 0, r.stderr);
  const wasm = lines(r.stdout);
  assert.equal(wasm.length, 2);
  for (const [i, o] of wasm.entries()) {
    assert.match(String(o.engine), /^tfjs wasm \(/);
    assert.match(String(ort[i].engine), /^onnxruntime /);
    assert.ok(Math.abs((o.probability as number) - (ort[i].probability as number)) < 1e-4, `${o.probability} vs ${ort[i].probability}`);
    assert.equal(o.label, ort[i].label);
  }
});

test('predict FOLDER: the error says it is a folder and gives the alveo score command for it', async () => {
  const r = await runCli(['predict', cli.fx.folder, '--model', 'small-a'], cli.env);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stdout.trim(), `${cli.fx.folder}: error: is a folder, not an image file; to score every image in it, run: alveo score ${cli.fx.folder} --model small-a (add --recursive for its sub-folders)`);
  const json = await runCli(['predict', cli.fx.folder, '--json'], cli.env);
  assert.equal(json.code, 1, json.stderr);
  assert.deepEqual(lines(json.stdout), [{ file: cli.fx.folder, error: `is a folder, not an image file; to score every image in it, run: alveo score ${cli.fx.folder} (add --recursive for its sub-folders)` }]);
  // The command it gives works: that folder scores.
  const score = await runCli(['score', cli.fx.folder, '--model', 'small-a'], cli.env);
  assert.match(score.stderr, /2 scored( \([^)]*\))?, 1 failed/);
});

test('predict: exit 1 when no file could be scored', async () => {
  const r = await runCli(['predict', cli.fx.text, '--model', 'small-a', '--json'], cli.env);
  assert.equal(r.code, 1);
  assert.equal(lines(r.stdout).length, 1);
});

test('predict --model DIR: the trained card has no untrained note', async () => {
  const r = await runCli(['predict', cli.fx.png, '--model', cli.fx.trainedDir, '--json'], cli.env);
  assert.equal(r.code, 0, r.stderr);
  const [o] = lines(r.stdout);
  assert.equal(o.model, 'small-t');
  assert.equal(o.threshold, 0.4);
  assert.ok(Array.isArray(o.warnings) && !o.warnings.includes('model is untrained: output is meaningless'));
});

test('predict without --json: a readable line per file', async () => {
  const r = await runCli(['predict', cli.fx.png, cli.fx.text, '--model', 'small-a'], cli.env);
  assert.equal(r.code, 1, r.stderr); // the text file failed
  const [ok, bad] = r.stdout.trimEnd().split('\n');
  assert.match(ok, new RegExp(`^${cli.fx.png.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: HELD BACK \\(model output (PNEUMONIA|NORMAL) 0\\.\\d{3}; threshold 0.5, model small-a, \\d+ ms\\)  WARNING: model is untrained`));
  assert.match(bad, /c\.jpg: error: not a DICOM, JPEG or PNG/);
  // The small test model has no ood.json: the CLI says that guardrail is off, as the Models tab does.
  assert.match(r.stderr, /note: model small-a has no ood\.json: images unlike those it was trained on are not held back/);
});

test('the shipped model (it has ood.json) gets no missing-guardrail note; score with a model without one does', async () => {
  const shipped = join(process.cwd(), 'models', 'default');
  const r = await runCli(['predict', cli.fx.png, '--model', shipped], cli.env);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /ood\.json/);
  // The shipped model states its population: a PNG's answer says its age and view were not checked, as the AI panel does.
  assert.match(r.stdout, /\n  note: A PNG records no patient age or view, so Alveo could not check this image against what the model was trained on \(children aged 1-5 years/);
  const j = await runCli(['predict', cli.fx.png, '--model', shipped, '--json'], cli.env);
  assert.match(String((lines(j.stdout)[0].notes as string[])[0]), /^A PNG records no patient age or view/);
  const s = await runCli(['score', cli.fx.folder, '--model', 'small-a'], cli.env);
  assert.match(s.stderr, /note: model small-a has no ood\.json/);
});

test('a damaged model file is named in the error, not blamed on the image (predict and score)', async () => {
  const shipped = join(process.cwd(), 'models', 'default');
  const broken = join(cli.fx.dir, 'broken-ood-model');
  await mkdir(broken);
  for (const f of await readdir(shipped)) if (f !== 'ood.json') await symlink(join(shipped, f), join(broken, f));
  await writeFile(join(broken, 'ood.json'), 'null');
  const p = await runCli(['predict', cli.fx.png, '--model', broken], cli.env);
  assert.equal(p.code, 1, p.stderr);
  assert.ok(p.stdout.includes(`${cli.fx.png}: error: ${join(broken, 'ood.json')}: `), p.stdout);
  const csv = join(cli.fx.dir, 'broken-ood.csv');
  const s = await runCli(['score', cli.fx.folder, '--model', broken, '--csv', csv], cli.env);
  // The folder's text-as-JPEG fails for its own reason; every image fails for the model's file.
  const failed = (await readFile(csv, 'utf8')).split('\n').filter((l) => /,failed,/.test(l) && !/not a DICOM, JPEG or PNG/.test(l));
  assert.ok(failed.length >= 2, s.stderr);
  for (const row of failed) assert.ok(row.includes(join(broken, 'ood.json')), row);
});

test('predict: an unknown model is one clear error, exit 1', async () => {
  const r = await runCli(['predict', cli.fx.png, '--model', 'nope', '--json'], cli.env);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /no model with id 'nope'/);
});

test('predict on real Kermany JPEGs and DICOMs', { skip: skipUnless(KERMANY_VAL) || skipUnless(DICOM_SMALL) }, async () => {
  const files = [
    join(KERMANY_VAL, 'NORMAL', 'NORMAL2-IM-1427-0001.jpeg'),
    join(KERMANY_VAL, 'PNEUMONIA', 'person1946_bacteria_4874.jpeg'),
    join(DICOM_SMALL, 'dx12_mono1_512_jpeg_lossless_sv1.dcm'),
    join(DICOM_SMALL, 'cr8_mono2_512_jpegls_lossless.dcm'),
  ];
  const r = await runCli(['predict', ...files, '--model', 'small-t', '--json'], cli.env);
  assert.equal(r.code, 0, r.stderr);
  const out = lines(r.stdout);
  assert.deepEqual(out.map((o) => o.file), files);
  assert.ok(out.every((o) => typeof o.probability === 'number' && (o.label === 'PNEUMONIA' || o.label === 'NORMAL')));
  for (const o of out) {
    const p = o.probability as number;
    assert.ok(p >= 0 && p <= 1, `${o.file}: ${p}`);
    assert.equal(o.model, 'small-t', String(o.file));
    assert.equal(o.threshold, 0.4, String(o.file));
    assert.equal(o.label, p >= 0.4 ? 'PNEUMONIA' : 'NORMAL', `${o.file}: label at the card's threshold`);
  }
  // Frontal chest radiographs and a model that claims training: nothing to warn about.
  assert.deepEqual(out.slice(0, 2).map((o) => o.warnings), [[], []]);
});

test('predict (text): a fitted threshold is shown to four decimals; --json keeps it exact', async () => {
  const fitted = 0.08323640899371433;
  await saveSmallModel(await getTf('wasm'), { builtInDir: join(cli.fx.dir, 'no-builtins'), userDir: cli.fx.home, id: 'small-fitted', trained: true, threshold: fitted });
  const text = await runCli(['predict', cli.fx.png, '--model', 'small-fitted'], cli.env);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /[(;] threshold 0\.0832, model small-fitted, \d+ ms\)/);
  const json = lines((await runCli(['predict', cli.fx.png, '--model', 'small-fitted', '--json'], cli.env)).stdout);
  assert.equal(json[0].threshold, fitted);
});
