// The importer against an independent plain-loop forward pass of the same torchvision state dict.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { getTf, type Tf } from '../../../src-main/engine/model/tf-backend';
import { buildResNet18FromTorch, importTorchResNet18, torchConvToTf } from '../../../src-main/engine/model/import-torch-resnet18';
import { readSafetensors } from '../../../src-main/engine/model/safetensors';
import { ModelStore } from '../../../src-main/engine/model/model-store';
import { loadModel } from '../../../src-main/engine/model/load-model';
import { headLogits, randomStateDict, referenceForward, rng, roundedLike, sigmoid, withHead, writeSafetensors, type StateDict } from './support/torch-reference';

const SIZE = 64;
let tf: Tf;
let dir: string;
const sd = randomStateDict(1234);
// A random image in [-2, 2], HWC for tfjs and CHW for the reference.
const r = rng(99);
const hwc = Float32Array.from({ length: SIZE * SIZE * 3 }, () => r() * 4 - 2);
const chw = new Float32Array(hwc.length);
for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) for (let c = 0; c < 3; c++) chw[(c * SIZE + y) * SIZE + x] = hwc[(y * SIZE + x) * 3 + c];

// The reference pass is the slow part (~1 s): once for the shared backbone.
const ref = referenceForward(sd, chw, SIZE);

before(async () => {
  tf = await getTf('wasm');
  dir = await mkdtemp(join(tmpdir(), 'alveo-import-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(model: LayersModel): Promise<{ features: Float32Array; prob: number }> {
  const cam = tf.model({ inputs: model.inputs, outputs: [model.getLayer('layer4_out').output as never, model.getLayer('prob').output as never] });
  const x = tf.tensor4d(hwc, [1, SIZE, SIZE, 3]);
  const [f, p] = cam.predict(x) as Tensor[];
  const out = { features: (await f.data()) as Float32Array, prob: (await p.data())[0] };
  tf.dispose([x, f, p]);
  return out;
}

/** Compares tfjs NHWC layer4 features with the reference CHW ones. */
function assertFeaturesMatch(features: Float32Array, ref: ReturnType<typeof referenceForward>['features']) {
  const { c, h, w } = ref;
  assert.equal(features.length, c * h * w);
  let maxErr = 0;
  let maxAbs = 0;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let k = 0; k < c; k++) {
        const want = ref.v[(k * h + y) * w + x];
        maxAbs = Math.max(maxAbs, Math.abs(want));
        maxErr = Math.max(maxErr, Math.abs(features[(y * w + x) * c + k] - want));
      }
  assert.ok(maxAbs > 0.1, 'reference features are degenerate');
  assert.ok(maxErr <= 1e-4 * Math.max(1, maxAbs), `layer4 features differ from the reference by ${maxErr} (max |value| ${maxAbs})`);
}

async function fileWith(name: string, dict: StateDict, dtype?: 'F32' | 'BF16') {
  const file = join(dir, name);
  await writeSafetensors(file, dict, { dtype });
  return file;
}

test('conv weight transpose [out,in,kh,kw] -> [kh,kw,in,out]', () => {
  const src = Float32Array.from({ length: 2 * 3 * 2 * 2 }, (_, i) => i);
  const dst = torchConvToTf(src, [2, 3, 2, 2]);
  // element (o=1, c=2, i=0, j=1) of torch sits at [0][1][2][1] in tfjs
  assert.equal(dst[((0 * 2 + 1) * 3 + 2) * 2 + 1], src[((1 * 3 + 2) * 2 + 0) * 2 + 1]);
});

test('torchvision ResNet18 with a 1-unit head: features and probability match the reference forward pass', async () => {
  const file = await fileWith('binary.safetensors', sd);
  const { model, head } = buildResNet18FromTorch(tf, await readSafetensors(file), { inputSize: SIZE, file });
  try {
    assert.equal(head, 'binary');
    const out = await run(model);
    assertFeaturesMatch(out.features, ref.features);
    assert.ok(Math.abs(out.prob - sigmoid(ref.logits[0])) < 1e-5, `prob ${out.prob} vs ${sigmoid(ref.logits[0])}`);
  } finally {
    model.dispose();
  }
});

test('BF16 file with a "module.model." prefix and num_batches_tracked imports like the rounded weights', async () => {
  const prefixed: StateDict = new Map([...sd].map(([k, v]) => [`module.model.${k}`, v]));
  const file = join(dir, 'bf16.safetensors');
  await writeSafetensors(file, prefixed, {
    dtype: 'BF16',
    extra: { 'module.model.bn1.num_batches_tracked': { dtype: 'I64', shape: [], bytes: new Uint8Array(8) } },
  });
  const { model, notes } = buildResNet18FromTorch(tf, await readSafetensors(file), { inputSize: SIZE, file });
  try {
    const out = await run(model);
    assertFeaturesMatch(out.features, referenceForward(roundedLike(sd, 'BF16'), chw, SIZE).features);
    assert.ok(!notes.some((n) => n.includes('num_batches_tracked')), notes.join('; '));
  } finally {
    model.dispose();
  }
});

test('1000-class ImageNet fc: backbone imported, fresh untrained head, card says trained:false', async () => {
  const imagenet = withHead(sd, 1000, 5);
  const file = await fileWith('imagenet.safetensors', imagenet);
  const store = new ModelStore({ builtInDir: join(dir, 'none'), userDir: join(dir, 'user-imagenet') });
  const res = await importTorchResNet18(tf, store, file, { id: 'imagenet-rn18', inputSize: SIZE, cardFields: { trained: true } });
  assert.equal(res.head, 'replaced');
  assert.equal(res.card.trained, false);
  assert.match(res.card.threshold.rule, /untrained/);
  assert.ok(res.card.notes?.some((n) => /1000 classes/.test(n)), JSON.stringify(res.card.notes));
  const loaded = await loadModel(tf, await store.get('imagenet-rn18'));
  const out = await run(loaded.model);
  assertFeaturesMatch(out.features, ref.features);
});

test('2-class softmax head is folded exactly: prob = softmax(logits)[1]', async () => {
  const two = withHead(sd, 2, 6);
  const file = await fileWith('two.safetensors', two);
  const { model, head } = buildResNet18FromTorch(tf, await readSafetensors(file), { inputSize: SIZE, file });
  try {
    assert.equal(head, 'two-class');
    const [z0, z1] = headLogits(ref.pooled, two);
    assert.ok(Math.abs(z1 - z0) < 8, `test head saturates: ${z0}, ${z1}`);
    const want = Math.exp(z1) / (Math.exp(z0) + Math.exp(z1));
    const { prob } = await run(model);
    assert.ok(Math.abs(prob - want) < 1e-5, `prob ${prob} vs softmax ${want}`);
  } finally {
    model.dispose();
  }
});

test('import into the store: saved, activated, float16 on request, reloads with the same output', async () => {
  const file = await fileWith('store.safetensors', sd);
  const store = new ModelStore({ builtInDir: join(dir, 'none'), userDir: join(dir, 'user') });
  const res = await importTorchResNet18(tf, store, file, {
    id: 'imported',
    name: 'Imported RN18',
    inputSize: SIZE,
    quantize: 'float16',
    activate: true,
    cardFields: { threshold: { value: 0.42, rule: 'youden on validation' }, intendedUse: 'research' },
  });
  assert.equal(res.entry?.active, true);
  assert.equal(await store.activeId(), 'imported');
  const entry = await store.get('imported');
  assert.equal(entry.card.name, 'Imported RN18');
  assert.equal(entry.card.trained, true);
  assert.equal(entry.card.threshold.value, 0.42);
  assert.equal(entry.card.inputSize, SIZE);
  const loaded = await loadModel(tf, entry);
  const out = await run(loaded.model);
  const want = sigmoid(ref.logits[0]);
  // float16 kernels: close, not exact
  assert.ok(Math.abs(out.prob - want) < 2e-3, `float16 prob ${out.prob} vs ${want}`);
});

test('missing and misshaped tensors are named in the error; nothing is saved', async () => {
  const missing: StateDict = new Map(sd);
  missing.delete('layer3.1.bn2.running_var');
  const store = new ModelStore({ builtInDir: join(dir, 'none'), userDir: join(dir, 'user-bad') });
  await assert.rejects(
    importTorchResNet18(tf, store, await fileWith('missing.safetensors', missing), { id: 'bad', inputSize: SIZE }),
    (err: Error) => /layer3\.1\.bn2\.running_var' is missing/.test(err.message) && err.message.includes('missing.safetensors'),
  );
  const wrong: StateDict = new Map(sd);
  wrong.set('layer2.0.downsample.0.weight', { shape: [128, 64, 3, 3], data: new Float32Array(128 * 64 * 9) });
  await assert.rejects(
    importTorchResNet18(tf, store, await fileWith('wrong.safetensors', wrong), { id: 'bad', inputSize: SIZE }),
    /'layer2\.0\.downsample\.0\.weight' has shape \[128, 64, 3, 3\], expected \[128, 64, 1, 1\]/,
  );
  const deeper: StateDict = new Map(sd);
  deeper.set('layer1.2.conv1.weight', sd.get('layer1.1.conv1.weight')!);
  await assert.rejects(
    importTorchResNet18(tf, store, await fileWith('deeper.safetensors', deeper), { id: 'bad', inputSize: SIZE }),
    /layer1\.2\.conv1\.weight.*deeper ResNet/,
  );
  assert.deepEqual(await readdir(join(dir, 'user-bad')).catch(() => []), []);
});
