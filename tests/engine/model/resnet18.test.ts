// The ResNet18 graph: torchvision's layout and names, seeded, right shapes.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import type { Tensor } from '@tensorflow/tfjs-core';
import { getTf, type Tf } from '../../../src-main/engine/model/tf-backend';
import { buildResNet18, resnet18LayerNames } from '../../../src-main/engine/model/resnet18';

let tf: Tf;
before(async () => {
  tf = await getTf('wasm');
});

test('layers, names and parameter count match torchvision resnet18 with a 1-unit head', () => {
  const m = buildResNet18(tf, { inputSize: 64 });
  try {
    const names = new Set(m.layers.map((l) => l.name));
    const { convs, bns } = resnet18LayerNames();
    assert.equal(convs.length, 20);
    assert.equal(bns.length, 20);
    for (const n of [...convs, ...bns, 'layer4_out', 'fc', 'prob', 'layer4_0_downsample_conv', 'layer4_0_downsample_bn']) assert.ok(names.has(n), `missing layer ${n}`);
    assert.ok(!names.has('layer1_0_downsample_conv'), 'layer1 has no downsample');
    // torch counts 11,176,512 + 513 trainable; tfjs also counts BN moving mean/variance (2 x 4800).
    assert.equal(m.countParams(), 11_177_025 + 9_600);
    const bn = m.getLayer('bn1').getConfig() as { epsilon: number };
    assert.equal(bn.epsilon, 1e-5);
    const conv = m.getLayer('layer2_0_conv1').getConfig() as { useBias: boolean; padding: string; strides: number[] };
    assert.deepEqual([conv.useBias, conv.padding, conv.strides], [false, 'valid', [2, 2]]);
    assert.deepEqual(m.getLayer('layer4_out').outputShape, [null, 2, 2, 512]);
    assert.deepEqual(m.outputs[0].shape, [null, 1]);
  } finally {
    m.dispose();
  }
});

test('same seed, same weights; another seed, other weights; probabilities in (0, 1)', () => {
  const a = buildResNet18(tf, { inputSize: 32, seed: 9 });
  const b = buildResNet18(tf, { inputSize: 32, seed: 9 });
  const c = buildResNet18(tf, { inputSize: 32, seed: 10 });
  try {
    const wa = a.getLayer('layer3_1_conv2').getWeights()[0].dataSync();
    assert.deepEqual(b.getLayer('layer3_1_conv2').getWeights()[0].dataSync(), wa);
    assert.notDeepEqual(c.getLayer('layer3_1_conv2').getWeights()[0].dataSync(), wa);
    const x = tf.randomNormal([3, 32, 32, 3], 0, 1, 'float32', 1);
    const p = a.predict(x) as Tensor;
    const v = Array.from(p.dataSync());
    assert.equal(v.length, 3);
    for (const q of v) assert.ok(q > 0 && q < 1, String(q));
    tf.dispose([x, p]);
  } finally {
    [a, b, c].forEach((m) => m.dispose());
  }
});

test('rejects input sizes the network cannot take', () => {
  assert.throws(() => buildResNet18(tf, { inputSize: 16 }), /input size/);
});
