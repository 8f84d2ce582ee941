// An evaluation's 95% intervals respect patients (review 30 F1, F2, F11): many images of one patient
// count as about one observation, a perfectly separated or tiny folder gets no point-like interval
// and a small-sample warning, and PPV and NPV get intervals computed the same way. Expected bounds
// are derived here from the closed forms (Wilson at 100%: n / (n + z²); Newcombe's score bound by a
// grid scan), not read off the code under test.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluationIntervals } from '../../../src-main/engine/training/evaluation-intervals';
import { confusionAt, undefinedMetrics } from '../../../src-main/engine/training/metrics';

const Z = 1.959964;
/** Lower Wilson bound of a proportion observed at 100% on n units: n / (n + z²). */
const wilsonLowAtOne = (n: number) => n / (n + Z * Z);
/** Kish's effective n of a class whose patients have these image counts. */
const kish = (m: number[]) => m.reduce((a, b) => a + b, 0) ** 2 / m.reduce((a, b) => a + b * b, 0);

interface Folder {
  probs: number[];
  labels: number[];
  patients: string[];
}

/** `counts[i]` images of patient `${prefix}${i}`, all of label `label`, all scoring `score`. */
function add(f: Folder, prefix: string, counts: number[], label: 0 | 1, score: (i: number, k: number) => number): Folder {
  counts.forEach((m, i) => {
    for (let k = 0; k < m; k++) {
      f.probs.push(score(i, k));
      f.labels.push(label);
      f.patients.push(`${prefix}${i}`);
    }
  });
  return f;
}

const intervalsOf = (f: Folder, threshold = 0.5) => evaluationIntervals(f.probs, f.labels, f.patients, threshold, undefinedMetrics(confusionAt(f.probs, f.labels, threshold)));

test('21 PNEUMONIA images of one patient: the sensitivity interval is one patient’s, not 21 images’ (Wilson 21/21 would give 0.845)', () => {
  const normals = [...Array(16).fill(1), 2, 2]; // 20 NORMAL images of 18 patients
  const f = add(add({ probs: [], labels: [], patients: [] }, 'person', [21], 1, () => 0.9), 'IM-', normals, 0, (i, k) => 0.1 + 0.001 * (i + k));
  const i = intervalsOf(f);
  assert.equal(i.sensitivity?.value, 1);
  assert.ok(i.sensitivity!.low <= 0.25, `lower bound ${i.sensitivity!.low} from one patient`);
  assert.ok(Math.abs(i.sensitivity!.low - wilsonLowAtOne(1)) < 1e-9, `${i.sensitivity!.low} vs Wilson on 1 patient ${wilsonLowAtOne(1)}`);
  // The bootstrap alone (every replicate the same patient) collapsed; the report says so.
  assert.deepEqual(i.sensitivity!.bootstrap, { low: 1, high: 1 });
  // Specificity: 20 images of 18 patients count as Kish's effective n of patients.
  assert.ok(Math.abs(i.specificity!.low - wilsonLowAtOne(kish(normals))) < 1e-9, `${i.specificity!.low} vs ${wilsonLowAtOne(kish(normals))}`);
  // One PNEUMONIA patient: a small sample, said.
  assert.match(i.smallSample ?? '', /^small sample: 1 PNEUMONIA patient and 18 NORMAL patients, fewer than 20 in a class: the 95% intervals are not meaningful/);
  assert.deepEqual(i.patientsPerClass, { NORMAL: 18, PNEUMONIA: 1 });
  // How they were computed, with what seed.
  assert.equal(i.method, 'percentile');
  assert.equal(i.seed, 12);
  assert.match(i.description ?? '', /^patient bootstrap \(percentile, 1000 resamplings of the 19 patients, seed 12\), widened where narrower to Wilson's interval \(proportions\) or Newcombe's score interval \(ROC-AUC\) on the effective number of patients$/);
});

test('one image per patient: the floor is Wilson on the images, as before (25 of 25: 0.867-1)', () => {
  const f = add(add({ probs: [], labels: [], patients: [] }, 'p', Array(25).fill(1), 1, () => 0.9), 'n', Array(25).fill(1), 0, () => 0.1);
  const i = intervalsOf(f);
  assert.ok(Math.abs(i.sensitivity!.low - wilsonLowAtOne(25)) < 1e-9);
  assert.equal(i.smallSample, undefined, '25 patients per class');
});

test('3 images (1 PNEUMONIA), perfectly separated: the AUC interval is not a point, and the sample is called small', () => {
  const f = add(add({ probs: [], labels: [], patients: [] }, 'p', [1], 1, () => 0.9), 'n', [1, 1], 0, (i) => 0.1 + i * 0.1);
  const i = intervalsOf(f);
  assert.equal(i.auc?.value, 1);
  assert.equal(i.auc!.high, 1);
  assert.ok(i.auc!.low < 0.5, `AUC interval ${JSON.stringify(i.auc)} from 1 + 2 patients`);
  assert.ok(Math.abs(i.auc!.low - newcombeLowAtOne(1, 2)) < 1e-3, `${i.auc!.low} vs grid ${newcombeLowAtOne(1, 2)}`);
  assert.match(i.smallSample ?? '', /1 PNEUMONIA patient and 2 NORMAL patients/);
});

test('perfect separation with 24 PNEUMONIA patients (60 images): the bootstrap reads 1-1, the reported interval does not', () => {
  const pos = Array.from({ length: 24 }, (_, i) => (i < 12 ? 3 : 2)); // 60 images
  const neg = Array(53).fill(1);
  const f = add(add({ probs: [], labels: [], patients: [] }, 'person', pos, 1, (i, k) => 0.6 + 0.01 * i + 0.001 * k), 'IM-', neg, 0, (i) => 0.01 + 0.005 * i);
  const i = intervalsOf(f);
  assert.equal(i.auc?.value, 1);
  assert.deepEqual(i.auc!.bootstrap, { low: 1, high: 1 }, 'every replicate perfectly separated');
  assert.ok(Math.abs(i.auc!.low - newcombeLowAtOne(kish(pos), kish(neg))) < 1e-3, `${i.auc!.low} vs ${newcombeLowAtOne(kish(pos), kish(neg))}`);
  assert.ok(i.auc!.low < 0.99);
  // Sensitivity: Wilson on the 24-odd patients (≈0.86), not on the 60 images (0.940).
  assert.ok(Math.abs(i.sensitivity!.low - wilsonLowAtOne(kish(pos))) < 1e-9);
  assert.ok(i.sensitivity!.low < wilsonLowAtOne(60) - 0.05, `${i.sensitivity!.low}`);
  assert.equal(i.smallSample, undefined, '24 and 53 patients');
});

test('PPV and NPV have patient-aware intervals; NPV has none when nothing is called NORMAL', () => {
  // 30 PNEUMONIA patients (2 images), 27 called; 30 NORMAL patients (1 image), 3 called PNEUMONIA.
  const f = add(add({ probs: [], labels: [], patients: [] }, 'p', Array(30).fill(2), 1, (i) => (i < 27 ? 0.8 : 0.2)), 'n', Array(30).fill(1), 0, (i) => (i < 3 ? 0.7 : 0.1));
  const i = intervalsOf(f);
  const c = confusionAt(f.probs, f.labels, 0.5);
  assert.deepEqual(c, { tp: 54, fn: 6, tn: 27, fp: 3 });
  assert.equal(i.ppv?.value, 54 / 57);
  assert.equal(i.npv?.value, 27 / 33);
  for (const k of ['ppv', 'npv'] as const) {
    const v = i[k]!;
    assert.ok(v.low < v.value && v.value < v.high, `${k} ${JSON.stringify(v)}`);
  }
  // A folder where every image is called PNEUMONIA: NPV undefined, no interval; PPV still has one.
  const all = intervalsOf(f, 0.05);
  assert.equal(all.npv, undefined);
  assert.ok(all.ppv && all.ppv.low < all.ppv.value);
});

test('PPV from positive calls that are all one patient’s is one patient’s proportion', () => {
  // 10 positive calls, all of one PNEUMONIA patient; plenty of others called NORMAL.
  const f = add(add({ probs: [], labels: [], patients: [] }, 'p', [10, ...Array(25).fill(1)], 1, (i) => (i === 0 ? 0.9 : 0.1)), 'n', Array(25).fill(1), 0, () => 0.1);
  const i = intervalsOf(f);
  assert.equal(i.ppv?.value, 1);
  assert.ok(Math.abs(i.ppv!.low - wilsonLowAtOne(1)) < 1e-9, `${JSON.stringify(i.ppv)}`);
});

/**
 * Newcombe's (2006, method 5) lower 95% bound at an observed AUC of 1 by a plain grid scan: the
 * smallest θ with 1 - θ <= z·sqrt(V(θ)), V the Hanley–McNeil variance with m-1 and n-1 replaced by
 * (m+n)/2 - 1.
 */
function newcombeLowAtOne(m: number, n: number): number {
  const s = (m + n) / 2 - 1;
  const v = (t: number) => (t * (1 - t) * (1 + (s * (1 - t)) / (2 - t) + (s * t) / (1 + t))) / (m * n);
  for (let k = 1; k <= 100000; k++) {
    const t = k / 100000;
    if (1 - t <= Z * Math.sqrt(v(t))) return t;
  }
  return 1;
}
