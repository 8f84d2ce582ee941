// The batch-scoring pipeline on the shipped model and ONNX Runtime: batched answers equal one-by-one
// predictions, rows stay in file order, stage times are reported; JPEG shrink-on-load only for
// large JPEGs, never for DICOM.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { predictStudy } from '../../../src-main/engine/inference/predict';
import { scoreFiles } from '../../../src-main/engine/inference/score-folder';
import { ModelStore } from '../../../src-main/engine/model/model-store';
import { inferenceRuntime, unloadInferenceRuntimes } from '../../../src-main/engine/runtime/runtime-for-model';
import { loadStudy, studyFromBytes } from '../../../src-main/engine/studies/load-study';
import { DICOM_NATIVE, KERMANY_VAL, REPO_ROOT, skipUnless } from './support/shared-data';

const noModel = !existsSync(join(REPO_ROOT, 'models', 'default', 'card.json')) && 'no models/default';
const store = new ModelStore({ builtInDir: join(REPO_ROOT, 'models'), userDir: join(REPO_ROOT, '.alveo-home-unused') });
let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-score-pipeline-'));
});
after(async () => {
  await unloadInferenceRuntimes();
  await rm(dir, { recursive: true, force: true });
});

test('batched ONNX Runtime scoring equals one-by-one predictions, in file order, with stage times', { skip: noModel || skipUnless(KERMANY_VAL) || skipUnless(DICOM_NATIVE) }, async () => {
  const entry = await store.get('default');
  const runtime = await inferenceRuntime(entry, { prefer: 'onnxruntime' });
  const jpegs = (await Promise.all(['NORMAL', 'PNEUMONIA'].map(async (c) => (await readdir(join(KERMANY_VAL, c))).slice(0, 5).map((f) => join(KERMANY_VAL, c, f))))).flat();
  const files = [...jpegs.slice(0, 5), join(DICOM_NATIVE, 'CR-MONO1-10-chest_nometa_implicitLE.dcm'), join(dir, 'missing.png'), ...jpegs.slice(5)];
  const result = await scoreFiles(files, { runtime, card: entry.card, batchSize: 4 });
  assert.deepEqual(result.rows.map((r) => r.file), files);
  assert.equal(result.engine, runtime.engine);
  assert.equal(result.failed, 1);
  assert.match(result.rows[6].error ?? '', /no such file/);
  assert.equal(result.stages.batches, 5, '12 files in groups growing 1, 2, 4, 4 (then 1) -> 5 forward passes');
  for (const k of ['readMs', 'decodeMs', 'inferMs'] as const) assert.ok(result.stages[k] > 0 && result.stages[k] <= result.ms + 1, `${k} ${result.stages[k]} of ${result.ms}`);
  for (const row of result.rows) {
    if (row.error) continue;
    const p = await predictStudy(runtime, entry.card, await loadStudy(row.file));
    assert.ok(Math.abs((row.probability ?? NaN) - p.probability) < 1e-5, `${row.file}: ${row.probability} vs ${p.probability}`);
    assert.equal(row.label, p.label);
    assert.deepEqual(row.warnings, p.warnings);
  }
});

test('shrink-on-load: a JPEG 4x the model input decodes at >= 2x it and scores nearly as the exact decode; DICOM and PNG stay exact', { skip: noModel || skipUnless(KERMANY_VAL) || skipUnless(DICOM_NATIVE) }, async () => {
  const entry = await store.get('default');
  const runtime = await inferenceRuntime(entry, { prefer: 'onnxruntime' });
  // A large JPEG as scanners export them: a real radiograph at 4x (1024+ px on the shorter side).
  const source = join(KERMANY_VAL, 'PNEUMONIA', 'person1946_bacteria_4874.jpeg');
  const meta = await sharp(source).metadata();
  const big = join(dir, 'big.jpg');
  await sharp(source).resize((meta.width ?? 0) * 4, (meta.height ?? 0) * 4, { kernel: 'cubic' }).jpeg({ quality: 95 }).toFile(big);
  const bytes = await readFile(big);
  const exact = await studyFromBytes(big, bytes);
  const shrunk = await studyFromBytes(big, bytes, { shrinkJpegFor: 224 });
  assert.ok(Math.min(shrunk.rows, shrunk.columns) >= 448, `${shrunk.columns}x${shrunk.rows}`);
  assert.ok(shrunk.rows < exact.rows / 1.5, `${shrunk.rows} vs ${exact.rows}`);
  assert.ok(shrunk.notes.some((n) => /shrink-on-load/.test(n)));
  const a = await predictStudy(runtime, entry.card, exact);
  const b = await predictStudy(runtime, entry.card, shrunk);
  assert.ok(Math.abs(a.probability - b.probability) < 0.02, `${a.probability} vs ${b.probability}`);
  assert.equal(a.label, b.label);
  // The original (shorter side 256 < 4 x 224) is not shrunk; neither is a 1024 px DICOM or a PNG.
  assert.equal((await studyFromBytes(source, await readFile(source), { shrinkJpegFor: 224 })).rows, meta.height);
  const dcm = join(DICOM_NATIVE, 'siim_nih_cr_chest_jpeg_baseline_8bit.dcm');
  assert.equal((await studyFromBytes(dcm, await readFile(dcm), { shrinkJpegFor: 64 })).rows, 1024);
  const png = join(dir, 'big.png');
  await sharp(big).png().toFile(png);
  assert.equal((await studyFromBytes(png, await readFile(png), { shrinkJpegFor: 224 })).rows, exact.rows);
  // Scoring uses it by default and can be told not to.
  const on = await scoreFiles([big], { runtime, card: entry.card });
  const off = await scoreFiles([big], { runtime, card: entry.card, shrinkOnLoad: false });
  assert.ok(Math.abs((on.rows[0].probability ?? NaN) - b.probability) < 1e-5);
  assert.ok(Math.abs((off.rows[0].probability ?? NaN) - a.probability) < 1e-5);
});
