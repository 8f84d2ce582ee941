// The whole app path on real images — JPEG decode, display pixels, squash resize, normalisation,
// the imported float16 tfjs model, the card's test-time views — gives PyTorch's validation
// probabilities for the shipped model (tests/fixtures/default-model-pytorch-validation.json, written
// by training/build-default-model.sh): served with the views, and on one view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { predictStudy } from '../../../src-main/engine/inference/predict';
import { ModelStore } from '../../../src-main/engine/model/model-store';
import { getTf } from '../../../src-main/engine/model/tf-backend';
import { inferenceRuntime } from '../../../src-main/engine/runtime/runtime-for-model';
import { oneView } from '../../../src-main/engine/runtime/tta-runtime';
import { loadStudy } from '../../../src-main/engine/studies/load-study';
import { REPO_ROOT, SHARED_DATA, skipUnless } from './support/shared-data';
import { pytorchValidation } from './support/pytorch-validation';

const KERMANY_224 = join(SHARED_DATA, 'kermany-224', 'train');
const expected = pytorchValidation();

test('default model: app predictions on 40 real validation images match PyTorch within 5e-4, served and on one view', { skip: skipUnless(KERMANY_224) || (!existsSync(join(REPO_ROOT, 'models', 'default', 'card.json')) && 'no models/default') }, async () => {
  const store = new ModelStore({ builtInDir: join(REPO_ROOT, 'models'), userDir: join(REPO_ROOT, '.alveo-home-unused') });
  const entry = await store.get('default');
  // Both inference engines: ONNX Runtime (what users get) and the tfjs wasm fallback.
  const engines = [await inferenceRuntime(entry, { prefer: 'onnxruntime' }), await inferenceRuntime(entry, { prefer: 'tfjs', tf: () => getTf('wasm') })];
  assert.match(engines[0].engine, /^onnxruntime \(/);
  assert.match(engines[1].engine, /^tfjs wasm/);
  // every 20th image: both classes, the whole probability range
  const sample = expected.filter((_, i) => i % 20 === 0).slice(0, 40);
  assert.ok(sample.some((s) => s.label === 0) && sample.some((s) => s.label === 1));
  const views = entry.card.testTimeAugmentation?.views.length ?? 1;
  if (views > 1) assert.ok(sample.every((s) => s.probabilityTta !== undefined), 'the card has test-time views: the fixture needs PyTorch\'s probabilityTta');
  for (const runtime of engines) {
    assert.equal(runtime.views ?? 1, views);
    let worst = 0;
    let worstOne = 0;
    // The tfjs fallback is 4x slower: every fourth of the images there (both classes still).
    for (const s of runtime.kind === 'tfjs' ? sample.filter((_, i) => i % 4 === 0) : sample) {
      const cls = s.label === 1 ? 'PNEUMONIA' : 'NORMAL';
      const study = await loadStudy(join(KERMANY_224, cls, s.file));
      const served = s.probabilityTta ?? s.probability;
      const p = await predictStudy(runtime, entry.card, study);
      worst = Math.max(worst, Math.abs(p.probability - served));
      assert.equal(p.label === 'PNEUMONIA', served >= entry.card.threshold.value, `${runtime.engine}: ${s.file}`);
      worstOne = Math.max(worstOne, Math.abs((await predictStudy(oneView(runtime), entry.card, study)).probability - s.probability));
    }
    assert.ok(worst < 5e-4, `${runtime.engine}: largest difference from PyTorch ${worst}`);
    assert.ok(worstOne < 5e-4, `${runtime.engine}, one view: largest difference from PyTorch ${worstOne}`);
  }
});
