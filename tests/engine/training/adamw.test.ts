// AdamW: without decay it follows tfjs's own Adam step for step; decay shrinks only the chosen
// variables; it leaves no tensors behind.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getTf } from '../../../src-main/engine/model/tf-backend';
import { AdamW } from '../../../src-main/engine/training/adamw';

test('AdamW without decay equals tf.train.adam; decay is decoupled and selective', async () => {
  const tf = await getTf('wasm');
  const tensors = tf.memory().numTensors;
  const init = [0.5, -1.5, 2, 0.01];
  const a = tf.tidy(() => tf.variable(tf.tensor1d(init), true, 'adamw-test-a'));
  const b = tf.tidy(() => tf.variable(tf.tensor1d(init), true, 'adamw-test-b'));
  const c = tf.tidy(() => tf.variable(tf.tensor1d(init), true, 'adamw-test-c'));
  const d = tf.tidy(() => tf.variable(tf.tensor1d(init), true, 'adamw-test-d'));
  const ref = tf.train.adam(0.1);
  const mine = new AdamW(tf, new Set(), { learningRate: 0.1, weightDecay: 0 });
  const decayed = new AdamW(tf, new Set([c]), { learningRate: 0.1, weightDecay: 0.5 });
  const loss = (v: typeof a) => () => tf.sum(tf.mul(tf.square(tf.sub(v, 1)), tf.tensor1d([1, 2, 3, 4])));
  for (let step = 0; step < 4; step++) {
    ref.minimize(loss(a) as () => ReturnType<typeof tf.scalar>, false, [a]);
    const g = tf.variableGrads(loss(b) as () => ReturnType<typeof tf.scalar>, [b]);
    g.value.dispose();
    mine.apply([b], g.grads);
    // One step for c and d together (one step count); only c is in the decay set.
    const h = tf.variableGrads((() => tf.add(loss(c)(), loss(d)())) as () => ReturnType<typeof tf.scalar>, [c, d]);
    h.value.dispose();
    decayed.apply([c, d], h.grads);
  }
  const av = a.dataSync();
  const bv = b.dataSync();
  // tfjs keeps beta^t in float32 tensors, this computes it in doubles: equal to ~1e-5.
  for (let i = 0; i < init.length; i++) assert.ok(Math.abs(av[i] - bv[i]) < 1e-5, `${i}: ${av[i]} vs ${bv[i]}`);
  // c (decayed) and d (not in the decay set) start equal; decay pulls c towards 0 relative to d.
  const cv = c.dataSync();
  const dv = d.dataSync();
  for (let i = 0; i < init.length; i++) assert.ok(Math.abs(cv[i]) < Math.abs(dv[i]), `${i}: ${cv[i]} vs ${dv[i]}`);
  ref.dispose();
  mine.dispose();
  decayed.dispose();
  tf.dispose([a, b, c, d]);
  assert.equal(tf.memory().numTensors, tensors);
});
