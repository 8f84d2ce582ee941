// labelAt (the label a CSV row, the viewer and the SR state) and confusionAt (what the evaluated
// sensitivity and specificity count) must agree on every image, the one exactly at the threshold too:
// positive when p >= threshold.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { labelAt } from '../../../src-main/engine/inference/predict';
import { confusionAt } from '../../../src-main/engine/training/metrics';

/** The next double below x (x > 0). */
function below(x: number): number {
  const b = new Float64Array([x]);
  const i = new BigInt64Array(b.buffer);
  i[0] -= 1n;
  return b[0];
}

test('labelAt: a score exactly at the threshold is PNEUMONIA, the next score below it NORMAL', () => {
  for (const t of [0.5, 0.25, 0.1 + 0.2, 0.9137]) {
    assert.equal(labelAt(t, t), 'PNEUMONIA', `p = threshold = ${t}`);
    assert.equal(labelAt(below(t), t), 'NORMAL', `p just below ${t}`);
  }
  assert.equal(labelAt(0.4999999, 0.5), 'NORMAL');
  assert.equal(labelAt(1, 1), 'PNEUMONIA');
  assert.equal(labelAt(0, 0), 'PNEUMONIA');
});

test('labelAt agrees with confusionAt image by image, on random scores that include the threshold itself', () => {
  let s = 11;
  const r = () => (s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32;
  for (let round = 0; round < 200; round++) {
    const t = Math.round(r() * 100) / 100;
    const probs = Array.from({ length: 20 }, (_, i) => (i % 4 === 0 ? t : i % 4 === 1 ? below(t || 1e-300) : r()));
    for (const p of probs) {
      const c = confusionAt([p], [1], t);
      assert.equal(labelAt(p, t) === 'PNEUMONIA', c.tp === 1, `p ${p}, threshold ${t}`);
    }
  }
});
