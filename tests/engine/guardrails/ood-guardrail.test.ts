// The out-of-distribution guardrail: the stored statistics' arithmetic (packed Cholesky factor of
// the precision matrix), their validation, and with the real default model and its ood.json: the
// warning fires on pictures that are not chest radiographs and stays silent on held-out Kermany
// images (false-alarm rate at most FALSE_ALARM_BOUND; bench/ood.bench.ts measures every group).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { AlveoError } from '../../../src-main/api/errors';
import { featureGuardrails, oodGuardrail, pooledAt, UNLIKE_TRAINING_REASON } from '../../../src-main/engine/guardrails/ood-guardrail';
import { headMatches, loadOodStats, mahalanobis, OOD_FORMAT, parseOodStats, type OodStats } from '../../../src-main/engine/guardrails/ood-stats';
import { predictStudy } from '../../../src-main/engine/inference/predict';
import { loadModel } from '../../../src-main/engine/model/load-model';
import { ModelStore } from '../../../src-main/engine/model/model-store';
import { getTf } from '../../../src-main/engine/model/tf-backend';
import { inferenceRuntime } from '../../../src-main/engine/runtime/runtime-for-model';
import { loadStudy } from '../../../src-main/engine/studies/load-study';
import { kermanyPatientId } from '../../../src-main/engine/training/patient-id';
import { studyFeatures } from '../../../training/study-features';
import { REPO_ROOT, SHARED_DATA, skipUnless } from '../inference/support/shared-data';
import { pytorchValidation } from '../inference/support/pytorch-validation';

/** Stated bound on the false-alarm rate on held-out Kermany images (the threshold is their 99th percentile). */
const FALSE_ALARM_BOUND = 0.05;
const DEFAULT_DIR = join(REPO_ROOT, 'models', 'default');
const KERMANY_224 = join(SHARED_DATA, 'kermany-224', 'train');

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32;
}


/**
 * Validation images of the default model (its fixture) whose patients ood_stats.py held out: it
 * calibrates the threshold on every other validation patient in sorted order and leaves out the
 * validation patients that also have training images.
 */
function heldOutValidation(): { file: string; label: number }[] {
  const val = pytorchValidation();
  const valFiles = new Set(val.map((v) => v.file));
  const trainPatients = new Set(['NORMAL', 'PNEUMONIA'].flatMap((c) => readdirSync(join(KERMANY_224, c)).filter((f) => !valFiles.has(f)).map((f) => kermanyPatientId(f))));
  const patients = [...new Set(val.map((v) => kermanyPatientId(v.file)!))].filter((p) => !trainPatients.has(p)).sort();
  const heldOut = new Set(patients.filter((_, i) => i % 2 === 1));
  return val.filter((v) => heldOut.has(kermanyPatientId(v.file)!));
}

test('mahalanobis: |Lᵀ(x - m)|² from the packed factor equals (x - m)ᵀ P (x - m) with P = L Lᵀ', () => {
  const d = 5;
  const r = seeded(3);
  const L: number[][] = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (j < i ? r() - 0.5 : j === i ? 0.5 + r() : 0)));
  const P = L.map((_, i) => L.map((_, j) => L[i].reduce((s, _v, k) => s + L[i][k] * L[j][k], 0)));
  const packed = Float32Array.from(L.flatMap((row, i) => row.slice(0, i + 1)));
  const means = [Float32Array.from({ length: d }, () => r()), Float32Array.from({ length: d }, () => r() + 2)];
  const stats: OodStats = { dim: d, classes: ['A', 'B'], means, cholesky: packed, threshold: 10, thresholdRule: '', head: { bias: 0, kernelNorm: 1, kernelSum: 0 } };
  const x = Array.from({ length: d }, () => 3 * r());
  const got = mahalanobis(stats, x);
  means.forEach((m, c) => {
    const diff = x.map((v, i) => v - m[i]);
    const want = diff.reduce((s, di, i) => s + di * diff.reduce((t, dj, j) => t + P[i][j] * dj, 0), 0);
    // float32 storage of L: agree to float32 precision
    assert.ok(Math.abs(got[c] - want) <= 1e-5 * Math.max(1, want), `class ${c}: ${got[c]} vs ${want}`);
  });
  assert.deepEqual(oodGuardrail(stats, means[1]).length, 0, 'a class mean itself is in distribution');
  assert.equal(oodGuardrail(stats, means[1].map((v) => v + 40))[0]?.code, 'unlike-training');
});

test('the warning fires from the stored threshold on (score >= threshold), and not below it', () => {
  // L = [[2, 0], [1, 1]] (packed 2, 1, 1): |Lᵀd|² = (2 d0 + d1)² + d1². Exact in binary, so the
  // scores at the edge are exactly what is written here. The nearer class mean decides.
  const means = [Float32Array.from([0, 0]), Float32Array.from([100, 100])];
  const stats: OodStats = { dim: 2, classes: ['A', 'B'], means, cholesky: Float32Array.from([2, 1, 1]), threshold: 10, thresholdRule: '', head: { bias: 0, kernelNorm: 1, kernelSum: 0 } };
  const warns = (x: number[]) => oodGuardrail(stats, x).some((g) => g.code === 'unlike-training' && g.source === 'features');
  // d = (1, 1): (2 + 1)² + 1² = 10, exactly the threshold.
  assert.equal(mahalanobis(stats, [1, 1])[0], 10);
  assert.equal(warns([1, 1]), true, 'a score equal to the threshold warns');
  assert.equal(warns([101, 101]), true, 'the same distance from the other class mean');
  // Along v = (0.5, 0), |Lᵀv|² = 1: the score at m + t v is t², either side of 10.
  assert.equal(warns([0.5 * Math.sqrt(9.99), 0]), false, 'score 9.99: no warning');
  assert.equal(warns([0.5 * Math.sqrt(10.5), 0]), true, 'score 10.5: a warning');
  assert.equal(warns([0.5 * Math.sqrt(14.9), 0]), true, 'score 14.9: a warning');
  // (1.5, 0): 9 exactly, one below the threshold.
  assert.equal(warns([1.5, 0]), false);
});

test('pooledAt: the mean over h x w of image i of an NHWC tensor', () => {
  const shape = [2, 2, 3, 4];
  const data = Float32Array.from({ length: 2 * 2 * 3 * 4 }, (_, i) => i);
  const p = pooledAt({ data, shape }, 1);
  // image 1 starts at 24; channel k holds 24 + k + 4 * pixel, pixels 0..5: mean 24 + k + 10
  assert.deepEqual([...p], [34, 35, 36, 37]);
  assert.throws(() => pooledAt({ data, shape }, 2), /image 2/);
});

test('ood.json: wrong sizes, formats and heads are refused with the file named', () => {
  const dir = mkdtempSync(join(tmpdir(), 'alveo-ood-'));
  try {
    const b64 = (n: number) => Buffer.from(new Float32Array(n).buffer).toString('base64');
    const good = { format: OOD_FORMAT, features: 'x', dim: 3, classes: ['A', 'B'], means: b64(6), precisionCholesky: b64(6), threshold: 5, thresholdRule: 'r', head: { bias: 0.5, kernelNorm: 2, kernelSum: 1 } };
    assert.equal(parseOodStats(good, 'f').cholesky.length, 6);
    const err = (v: unknown, code: string, re: RegExp) =>
      assert.throws(() => parseOodStats(v, join(dir, 'ood.json')), (e: unknown) => e instanceof AlveoError && e.code === code && re.test(e.message) && e.message.includes(dir));
    err({ ...good, precisionCholesky: b64(5) }, 'CORRUPT', /precisionCholesky holds 20 bytes, expected 24/);
    err({ ...good, format: 'other' }, 'UNSUPPORTED', /not an alveo-ood-mahalanobis\/1 file/);
    err({ ...good, threshold: -1 }, 'CORRUPT', /threshold/);
    err({ ...good, head: undefined }, 'CORRUPT', /head/);
    writeFileSync(join(dir, 'ood.json'), '{ not json');
    assert.throws(() => loadOodStats(dir), (e: unknown) => e instanceof AlveoError && e.code === 'CORRUPT');
    assert.equal(loadOodStats(join(dir, 'absent')), null, 'a model without ood.json has no feature guardrail');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const noStats = !existsSync(join(DEFAULT_DIR, 'ood.json')) && 'models/default/ood.json is absent (training/build-ood-stats.sh makes it)';

test('default model: its ood.json belongs to its weights; a changed head does not match', { skip: noStats }, async () => {
  const tf = await getTf('wasm');
  const store = new ModelStore({ builtInDir: join(REPO_ROOT, 'models'), userDir: join(REPO_ROOT, '.alveo-home-unused') });
  const loaded = await loadModel(tf, await store.get('default'));
  const stats = loadOodStats(DEFAULT_DIR)!;
  assert.equal(stats.dim, 512);
  assert.ok(headMatches(stats, { weights: loaded.fcWeights, bias: loaded.fcBias }));
  const changed = Float32Array.from(loaded.fcWeights);
  changed[7] += 0.05;
  assert.ok(!headMatches(stats, { weights: changed, bias: loaded.fcBias }));
  assert.ok(!headMatches(stats, { weights: loaded.fcWeights, bias: loaded.fcBias + 0.05 }));
});

test('default model: the warning fires on drawn non-chest pictures and on few held-out Kermany images', { skip: noStats || skipUnless(KERMANY_224), timeout: 600_000 }, async (t) => {
  const tf = await getTf('wasm');
  const store = new ModelStore({ builtInDir: join(REPO_ROOT, 'models'), userDir: join(REPO_ROOT, '.alveo-home-unused') });
  const entry = await store.get('default');
  const loaded = await loadModel(tf, entry);
  const head = { weights: loaded.fcWeights, bias: loaded.fcBias };
  const warns = async (file: string) => {
    const f = await studyFeatures(tf, loaded, await loadStudy(file));
    const g = featureGuardrails(entry.dir, head, f.features, 0);
    for (const x of g) assert.ok(!x.reason.includes(';'), 'reasons are joined with "; " in CSVs');
    return g.some((x) => x.code === 'unlike-training' && x.reason === UNLIKE_TRAINING_REASON);
  };

  const dir = mkdtempSync(join(tmpdir(), 'alveo-ood-'));
  try {
    const S = 256;
    const r = seeded(9);
    const drawn: [string, (x: number, y: number) => number][] = [
      ['noise', () => r() * 255],
      ['gradient', (x) => x],
      ['checkerboard', (x, y) => ((Math.floor(x / 16) + Math.floor(y / 16)) % 2 ? 230 : 20)],
      ['stripes', (x) => (Math.floor(x / 8) % 2 ? 220 : 30)],
      ['photo-like blobs', (x, y) => 128 + 60 * Math.sin(x / 23 + 1) * Math.cos(y / 31) + 40 * Math.sin((x + y) / 47)],
      ['sky over ground', (x, y) => (y < 110 ? 200 - y / 3 : 70 + 20 * Math.sin(x / 9) + r() * 30)],
    ];
    for (const [name, f] of drawn) {
      const px = new Uint8Array(S * S);
      for (let y = 0; y < S; y++) for (let x = 0; x < S; x++) px[y * S + x] = Math.max(0, Math.min(255, Math.round(f(x, y))));
      const file = join(dir, `${name.replace(/\W+/g, '-')}.png`);
      await sharp(px, { raw: { width: S, height: S, channels: 1 } }).png().toFile(file);
      assert.ok(await warns(file), `${name}: no warning`);
    }
    const page = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="520"><rect width="100%" height="100%" fill="white"/>${Array.from(
      { length: 24 },
      (_, i) => `<text x="24" y="${30 + i * 20}" font-size="14" font-family="sans-serif">Line ${i + 1}: the quick brown fox jumps over the lazy dog</text>`,
    ).join('')}</svg>`;
    await sharp(Buffer.from(page)).greyscale().png().toFile(join(dir, 'page.png'));
    assert.ok(await warns(join(dir, 'page.png')), 'text page: no warning');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // Held out: every 6th image of the validation patients that set neither statistics nor threshold.
  const sample = heldOutValidation().filter((_, i) => i % 6 === 0);
  assert.ok(sample.some((v) => v.label === 0) && sample.some((v) => v.label === 1));
  let alarms = 0;
  for (const v of sample) if (await warns(join(KERMANY_224, v.label ? 'PNEUMONIA' : 'NORMAL', v.file))) alarms++;
  t.diagnostic(`false alarms on held-out Kermany: ${alarms} of ${sample.length}`);
  assert.ok(alarms / sample.length <= FALSE_ALARM_BOUND, `${alarms} of ${sample.length} held-out Kermany images flagged`);
});

test('default model: predictStudy carries the warning for a non-chest picture and not for a held-out Kermany image', { skip: noStats || skipUnless(KERMANY_224), timeout: 300_000 }, async () => {
  const store = new ModelStore({ builtInDir: join(REPO_ROOT, 'models'), userDir: join(REPO_ROOT, '.alveo-home-unused') });
  const entry = await store.get('default');
  const runtime = await inferenceRuntime(entry);
  const dir = mkdtempSync(join(tmpdir(), 'alveo-ood-'));
  try {
    const S = 256;
    const px = Uint8Array.from({ length: S * S }, (_, i) => Math.round(128 + 60 * Math.sin((i % S) / 23 + 1) * Math.cos(Math.floor(i / S) / 31) + 40 * Math.sin(((i % S) + Math.floor(i / S)) / 47)));
    await sharp(px, { raw: { width: S, height: S, channels: 1 } }).png().toFile(join(dir, 'blobs.png'));
    const p = await predictStudy(runtime, entry.card, await loadStudy(join(dir, 'blobs.png')));
    assert.ok(p.warnings.includes(UNLIKE_TRAINING_REASON), p.warnings.join(' | '));
    assert.ok(p.guardrails.some((g) => g.code === 'unlike-training' && g.source === 'features'));
    // The first held-out validation normal (it set neither statistics nor threshold).
    const normal = heldOutValidation().find((v) => v.label === 0)!;
    const q = await predictStudy(runtime, entry.card, await loadStudy(join(KERMANY_224, 'NORMAL', normal.file)));
    assert.deepEqual(q.warnings, [], q.warnings.join(' | '));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
