// The test-time runtime on the shipped model and images made here: its logit is the mean of the
// one-view logits of each view (writeView), image by image, in a batch whose images differ; its
// features and pooled features are the first view's, the image as is; it asks for fewer images per
// batch; a card without views gets the runtime itself, and oneView() undoes the wrapper.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ModelStore } from '../../../src-main/engine/model/model-store';
import { inferenceRuntime, unloadInferenceRuntimes } from '../../../src-main/engine/runtime/runtime-for-model';
import { oneView, withTestTimeAugmentation } from '../../../src-main/engine/runtime/tta-runtime';
import { writeView } from '../../../src-main/engine/runtime/tta-view';
import type { TestTimeAugmentation } from '../../../src-main/api/model-card';
import { REPO_ROOT } from '../inference/support/shared-data';

const noModel = !existsSync(join(REPO_ROOT, 'models', 'default', 'card.json')) && 'no models/default';
const store = new ModelStore({ builtInDir: join(REPO_ROOT, 'models'), userDir: join(REPO_ROOT, '.alveo-home-unused') });
after(() => unloadInferenceRuntimes());

const VIEWS: TestTimeAugmentation['views'] = [[1, 0, 0], [1.08, 0, 0], [0.93, 0, 0], [1, 0.04, 0], [1, -0.04, 0]];

/** n different normalised images: gradients and a bright blob that moves from image to image. */
function images(n: number, S: number): Float32Array {
  const x = new Float32Array(n * S * S * 3);
  for (let i = 0; i < n; i++)
    for (let y = 0; y < S; y++)
      for (let c = 0; c < S; c++) {
        const blob = Math.exp(-((y - S * (0.3 + 0.2 * i)) ** 2 + (c - S * (0.6 - 0.15 * i)) ** 2) / (S * S * 0.01));
        const v = Math.min(1, 0.2 + 0.4 * (y / S) * (i % 2 ? 1 : c / S) + 0.5 * blob);
        for (let ch = 0; ch < 3; ch++) x[((i * S + y) * S + c) * 3 + ch] = (v - [0.485, 0.456, 0.406][ch]) / [0.229, 0.224, 0.225][ch];
      }
  return x;
}

test('the test-time runtime averages the one-view logits of its views, image by image; features are the image as is', { skip: noModel, timeout: 120_000 }, async () => {
  const entry = await store.get('default');
  const base = oneView(await inferenceRuntime(entry, { prefer: 'onnxruntime' }));
  assert.equal(base.views ?? 1, 1);
  const card = { preprocessing: entry.card.preprocessing, testTimeAugmentation: { views: VIEWS, combine: 'mean-logit' as const } };
  const tta = withTestTimeAugmentation(base, card);
  assert.equal(tta.views, 5);
  assert.equal(oneView(tta), base);
  assert.equal(tta.engine, `${base.engine}, 5-view TTA`);
  assert.ok(tta.preferredBatch <= Math.max(1, base.preferredBatch / 5), `${tta.preferredBatch} images per batch`);
  assert.equal(withTestTimeAugmentation(base, { preprocessing: card.preprocessing }), base, 'no views: the runtime itself');

  const n = 3;
  const S = base.inputSize;
  const x = images(n, S);
  const served = await tta.run(x, n, { extra: ['pooled', 'logit'] });
  const plain = await base.run(x, n, { extra: ['pooled', 'logit'] });
  const expected = new Float64Array(n);
  const perView: number[][] = [];
  for (const v of VIEWS) {
    const moved = new Float32Array(x.length);
    writeView(x, n, S, v, card.preprocessing, moved, 0);
    const logits = (await base.run(moved, n, { extra: ['logit'] })).extra.logit!.data;
    perView.push([...logits]);
    for (let i = 0; i < n; i++) expected[i] += logits[i] / VIEWS.length;
  }
  for (let i = 0; i < n; i++) {
    assert.ok(Math.abs(served.extra.logit!.data[i] - expected[i]) < 1e-4, `image ${i}: logit ${served.extra.logit!.data[i]} vs mean of views ${expected[i]}`);
    assert.ok(Math.abs(served.probabilities[i] - 1 / (1 + Math.exp(-expected[i]))) < 1e-5, `image ${i}: probability`);
  }
  // The views must change the answer, or the test could not tell averaging from one view.
  assert.ok(perView.some((l) => l.some((v, i) => Math.abs(v - perView[0][i]) > 1e-3)), 'the views gave the same logits');
  assert.deepEqual(served.features.shape, plain.features.shape);
  assert.deepEqual(served.extra.pooled!.shape, [n, 512]);
  const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
  assert.ok(maxDiff(served.features.data, plain.features.data) < 1e-4, 'features are the image as is');
  assert.ok(maxDiff(served.extra.pooled!.data, plain.extra.pooled!.data) < 1e-4, 'pooled features are the image as is');
  assert.deepEqual(Object.keys((await tta.run(x, n)).extra), [], 'nothing extra unless asked');
  await assert.rejects(tta.run(new Float32Array(10), 1), /model default: input holds 10 values/);
});
