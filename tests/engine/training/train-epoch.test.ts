// A batch run as several smaller passes (the wasm heap limit) gives the same update as one pass
// when batch norm does not use batch statistics (head-only phase), and the pass size rule.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NamedTensorMap, Variable } from '@tensorflow/tfjs-core';
import type { SymbolicTensor } from '@tensorflow/tfjs-layers';
import { registerWasmTrainingKernels } from '../../../src-main/engine/model/kernels/register-wasm-training-kernels';
import { buildResNet18 } from '../../../src-main/engine/model/resnet18';
import { getTf } from '../../../src-main/engine/model/tf-backend';
import type { AdamW } from '../../../src-main/engine/training/adamw';
import { microBatchFor, trainStep } from '../../../src-main/engine/training/train-epoch';
import { randomValues } from '../kernels/backends';

test('gradients of several passes add up to the whole batch', async () => {
  const tf = await getTf('wasm');
  registerWasmTrainingKernels(tf);
  const S = 32;
  const B = 7;
  const x = randomValues(B * S * S * 3, 4);
  const y = Float32Array.from([1, 0, 1, 1, 0, 0, 1]);
  // Records the summed gradients the optimizer receives (Adam's first step would hide a scale error).
  const gradsOf = (microBatch: number) => {
    const model = buildResNet18(tf, { inputSize: S, seed: 3 });
    const logitModel = tf.model({ inputs: model.inputs, outputs: model.getLayer('fc').output as SymbolicTensor });
    const vars = model.getLayer('fc').trainableWeights.map((w) => w.read() as Variable);
    let got: Float32Array[] = [];
    const optimizer = {
      apply(vs: Variable[], grads: NamedTensorMap) {
        got = vs.map((v) => grads[v.name].dataSync().slice() as Float32Array);
        tf.dispose(Object.values(grads));
      },
    } as unknown as AdamW;
    const input = { tf, logitModel, optimizer, vars, trainBase: false, microBatch, classWeights: [1.5, 0.7] as [number, number], options: { inputSize: S, labelSmoothing: 0.1 } };
    const loss = trainStep(input, x, y, B);
    model.dispose();
    return { loss, got };
  };
  const whole = gradsOf(B);
  assert.equal(whole.got.length, 2);
  for (const micro of [1, 3]) {
    const parts = gradsOf(micro);
    assert.ok(Math.abs(parts.loss - whole.loss) < 1e-5, `loss ${parts.loss} vs ${whole.loss}`);
    for (let i = 0; i < whole.got.length; i++) {
      for (let j = 0; j < whole.got[i].length; j++) {
        assert.ok(Math.abs(parts.got[i][j] - whole.got[i][j]) < 1e-5 * (1 + Math.abs(whole.got[i][j])), `grad ${i}[${j}] micro ${micro}`);
      }
    }
  }
});

test('pass size: whole batches off wasm; on wasm small enough for its 4 GB heap', () => {
  assert.equal(microBatchFor('tensorflow', 224, 32), 32);
  assert.equal(microBatchFor('wasm', 64, 16), 16);
  assert.equal(microBatchFor('wasm', 224, 16), 6);
  assert.equal(microBatchFor('wasm', 512, 16), 1);
});
