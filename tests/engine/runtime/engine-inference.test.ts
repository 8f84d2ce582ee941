// The engine serves predictions through the inference runtime and says which engine that is.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createEngine, sourceTreeDeps, type Engine } from '../../../src-main/engine/index';
import { DICOM_NATIVE, REPO_ROOT, skipUnless } from '../inference/support/shared-data';

const noModel = !existsSync(join(REPO_ROOT, 'models', 'default', 'card.json')) && 'no models/default';
let home: string;
let engine: Engine;
before(async () => {
  home = await mkdtemp(join(tmpdir(), 'alveo-engine-inference-'));
  engine = createEngine(sourceTreeDeps({ userDir: home }));
});
after(async () => {
  await engine.dispose();
  await rm(home, { recursive: true, force: true });
});

test('getInfo names the inference engine (status bar) next to the tfjs training backend', { skip: noModel }, async () => {
  const info = await engine.getInfo();
  const views = (await engine.loadModel()).card.testTimeAugmentation?.views.length ?? 1;
  assert.match(info.inference ?? '', new RegExp(`^onnxruntime \\((cpu, \\d+ threads?|cuda|dml|coreml)\\)${views > 1 ? `, ${views}-view TTA` : ''}$`));
  assert.match(info.backend, /^(wasm|tensorflow|cpu)/);
});

test('predict and gradCam on a 1024x1024 DICOM share one ONNX Runtime pass; the heat is full size', { skip: noModel || skipUnless(DICOM_NATIVE) }, async () => {
  const { studyId } = await engine.openStudy(join(DICOM_NATIVE, 'siim_nih_cr_chest_jpeg_baseline_8bit.dcm'));
  const p = await engine.predict(studyId);
  const cam = await engine.gradCam(studyId);
  const { runtime } = await engine.runtime();
  assert.equal(runtime.kind, 'onnxruntime');
  assert.ok(p.probability > 0 && p.probability < 1);
  assert.deepEqual([cam.rows, cam.columns, cam.heat.length], [1024, 1024, 1024 * 1024]);
  let max = 0;
  for (const v of cam.heat) max = Math.max(max, v);
  // Normalised to 1, or empty when nothing in a confidently normal image pushes towards pneumonia.
  assert.ok(max === 0 ? p.label === 'NORMAL' : max > 0.99 && max <= 1, `heat max ${max} for ${p.label} ${p.probability}`);
});

test('predict names the engine that computed it', { skip: noModel || skipUnless(DICOM_NATIVE) }, async () => {
  const { studyId } = await engine.openStudy(join(DICOM_NATIVE, 'CR-MONO1-10-chest_nometa_implicitLE.dcm'));
  const p = await engine.predict(studyId);
  assert.equal(p.engine, (await engine.runtime()).runtime.engine);
  assert.match(p.engine ?? '', /^onnxruntime \(/);
});
