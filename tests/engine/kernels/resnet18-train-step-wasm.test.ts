// One full ResNet18 training step (batch-norm in training mode, binary cross-entropy) on the wasm
// backend gives the cpu backend's gradients for every trainable weight.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { buildResNet18 } from '../../../src-main/engine/model/resnet18';
import { on, randomValues, relativeError, wasmTf } from './backends';

test('ResNet18 weight gradients on wasm match the cpu backend (32 px, batch 4)', async (t) => {
  const tf = await wasmTf();
  const S = 32;
  const B = 4;
  const xv = randomValues(B * S * S * 3, 11);
  const labels = [0, 1, 1, 0];
  const model = await on(tf, 'cpu', () => buildResNet18(tf, { inputSize: S, seed: 7 }));
  const grads = () => {
    const x = tf.tensor4d(xv, [B, S, S, 3]);
    const y = tf.tensor2d(labels, [B, 1]);
    const { value, grads } = tf.variableGrads(() => {
      const p = model.apply(x, { training: true }) as Tensor;
      return tf.losses.sigmoidCrossEntropy(y, tf.log(tf.div(p, tf.sub(1, p))));
    }, model.trainableWeights.map((w) => (w as unknown as { val: Variable }).val));
    const out = new Map<string, Float32Array>();
    for (const [name, g] of Object.entries(grads)) out.set(name, g.dataSync() as Float32Array);
    const loss = value.dataSync()[0];
    tf.dispose([x, y, value, ...Object.values(grads)]);
    return { loss, out };
  };
  const ref = await on(tf, 'cpu', grads);
  const got = await on(tf, 'wasm', grads);
  assert.equal(got.out.size, ref.out.size);
  assert.ok(ref.out.size >= 60, `expected all ResNet18 weights, got ${ref.out.size}`);
  assert.ok(Math.abs(got.loss - ref.loss) < 1e-4 * Math.abs(ref.loss), `loss ${got.loss} vs ${ref.loss}`);
  let worst = 0;
  let worstName = '';
  for (const [name, r] of ref.out) {
    const e = relativeError(got.out.get(name)!, r);
    if (e > worst) [worst, worstName] = [e, name];
  }
  // Observed ~2e-4: the forward convs (XNNPACK vs cpu) differ in the last bits, batch norm amplifies.
  t.diagnostic(`largest relative error ${worst.toExponential(2)} (${worstName})`);
  assert.ok(worst < 1e-3, `largest relative gradient error ${worst} (${worstName})`);
  model.dispose();
});
