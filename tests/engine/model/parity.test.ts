// The shipped model reproduces PyTorch: models/default/parity.json holds PyTorch's logits for
// synthetic 8-bit images defined by a formula (training/pytorch/train_default.py, parity_images),
// re-created here exactly and fed through the imported model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Tensor } from '@tensorflow/tfjs-core';
import { getTf } from '../../../src-main/engine/model/tf-backend';
import { ModelStore } from '../../../src-main/engine/model/model-store';
import { loadModel, unloadModel } from '../../../src-main/engine/model/load-model';
import { readModelJson } from '../../../src-main/engine/model/model-files';
import { PARITY_FORMULA, parityImage } from '../../../src-main/engine/runtime/parity-check';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
// ALVEO_PARITY_DIR: check another imported model folder that has a parity.json next to it.
const modelDir = process.env.ALVEO_PARITY_DIR ? resolve(process.env.ALVEO_PARITY_DIR) : join(root, 'models', 'default');
const parityFile = join(modelDir, 'parity.json');

interface Parity {
  inputSize: number;
  formula: string;
  count: number;
  logits: number[];
  probabilities?: number[];
  /** 'float16' when PyTorch ran with weights rounded the way Alveo stores them. */
  weights?: 'float16' | 'float32';
}

test('models/default reproduces the PyTorch logits of parity.json', { skip: existsSync(parityFile) ? false : `no ${parityFile} (produced with the default model by training/build-default-model.sh)` }, async () => {
  const parity = JSON.parse(readFileSync(parityFile, 'utf8')) as Parity;
  assert.equal(parity.formula, PARITY_FORMULA, 'parity.json was made with another formula: update parityImage() in parity-check.ts');
  assert.equal(parity.logits.length, parity.count);
  const tf = await getTf('wasm');
  const store = new ModelStore({ builtInDir: join(root, 'models'), userDir: join(root, 'nonexistent-user-dir') });
  const entry = await store.get(modelDir);
  assert.equal(entry.card.inputSize, parity.inputSize);
  const loaded = await loadModel(tf, entry);
  const { mean, std } = entry.card.preprocessing;
  const S = parity.inputSize;
  const data = new Float32Array(parity.count * S * S * 3);
  for (let n = 0; n < parity.count; n++) {
    const img = parityImage(n, S);
    for (let i = 0; i < S * S; i++) for (let c = 0; c < 3; c++) data[(n * S * S + i) * 3 + c] = (img[i] / 255 - mean[c]) / std[c];
  }
  const x = tf.tensor4d(data, [parity.count, S, S, 3]);
  const [features, prob] = loaded.camModel.predict(x) as Tensor[];
  const f = features.dataSync();
  const p = prob.dataSync();
  const cells = features.shape[1]! * features.shape[2]!;
  tf.dispose([x, features, prob]);
  await unloadModel(entry.id);

  // Stored float16 kernels differ from PyTorch's float32 ones by up to 2^-11 relative, unless
  // PyTorch ran with the same rounding.
  const float16 = (await readModelJson(modelDir)).weightsManifest.some((g) => g.weights.some((w) => w.quantization?.dtype === 'float16'));
  const exact = !float16 || parity.weights === 'float16';
  const report: string[] = [];
  let worstLogit = 0;
  let worstProb = 0;
  for (let n = 0; n < parity.count; n++) {
    let z = loaded.fcBias;
    for (let c = 0; c < 512; c++) {
      let s = 0;
      for (let i = 0; i < cells; i++) s += f[(n * cells + i) * 512 + c];
      z += (s / cells) * loaded.fcWeights[c];
    }
    const want = parity.logits[n];
    const wantP = 1 / (1 + Math.exp(-want));
    worstLogit = Math.max(worstLogit, Math.abs(z - want) / Math.max(1, Math.abs(want)));
    worstProb = Math.max(worstProb, Math.abs(p[n] - wantP));
    report.push(`#${n}: logit ${z.toFixed(6)} vs PyTorch ${want.toFixed(6)}, p ${p[n].toFixed(5)} vs ${wantP.toFixed(5)}`);
  }
  const tolLogit = exact ? 2e-4 : 5e-3;
  const tolProb = exact ? 5e-5 : 1e-3;
  console.log(`parity (${float16 ? 'float16' : 'float32'} weights, tolerance ${exact ? 'exact' : 'float16'}): ${report.join('; ')}`);
  assert.ok(worstLogit <= tolLogit, `logits differ by up to ${worstLogit} (relative): ${report.join('; ')}`);
  assert.ok(worstProb <= tolProb, `probabilities differ by up to ${worstProb}: ${report.join('; ')}`);
});
