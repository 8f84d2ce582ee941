// The patient-bootstrap AUC interval on scores drawn with a known AUC.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bootstrapAuc } from '../../../src-main/engine/training/bootstrap-auc';
import { rocAuc } from '../../../src-main/engine/training/metrics';
import { seededRandom } from '../../../src-main/engine/training/seeded-random';

/** Normal scores: negatives N(0,1), positives N(d,1), so the true AUC is Phi(d / sqrt 2). */
function draw(patients: number, imagesPerPatient: number, d: number, seed: number) {
  const random = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const probs: number[] = [];
  const labels: number[] = [];
  const ids: string[] = [];
  for (let p = 0; p < patients; p++) {
    const label = p % 2;
    // A patient's images share most of their score: they are not independent evidence.
    const own = gauss() + label * d;
    for (let k = 0; k < imagesPerPatient; k++) {
      probs.push(own + 0.1 * gauss());
      labels.push(label);
      ids.push(`p${p}`);
    }
  }
  return { probs, labels, ids };
}

// Phi(1 / sqrt 2) for d = 1.
const TRUE_AUC = 0.7602499389065233;

test('bootstrapAuc: the value is the AUC; the 95% interval holds the true AUC about 95% of the time', () => {
  let covered = 0;
  const runs = 40;
  for (let s = 0; s < runs; s++) {
    const { probs, labels, ids } = draw(120, 1, 1, 100 + s);
    const i = bootstrapAuc(probs, labels, ids, { replicates: 400, seed: s });
    assert.equal(i.value, rocAuc(probs, labels));
    assert.ok(i.low <= i.value && i.value <= i.high, JSON.stringify(i));
    if (i.low <= TRUE_AUC && TRUE_AUC <= i.high) covered++;
  }
  // 95% nominal: 40 draws miss it more than 6 times with probability under 1%.
  assert.ok(covered >= 34, `covered ${covered} of ${runs}`);
});

test('bootstrapAuc resamples patients: 4 near-copies per patient give no narrower interval than 1 image each', () => {
  const one = draw(100, 1, 1, 7);
  const four = draw(100, 4, 1, 7);
  const w = (x: { low: number; high: number }) => x.high - x.low;
  const byPatient = bootstrapAuc(four.probs, four.labels, four.ids, { replicates: 500 });
  const asIfIndependent = bootstrapAuc(four.probs, four.labels, four.probs.map((_, i) => `i${i}`), { replicates: 500 });
  const single = bootstrapAuc(one.probs, one.labels, one.ids, { replicates: 500 });
  assert.ok(w(byPatient) > 1.5 * w(asIfIndependent), `by patient ${w(byPatient)}, per image ${w(asIfIndependent)}`);
  assert.ok(Math.abs(w(byPatient) - w(single)) < 0.5 * w(single), `4 copies ${w(byPatient)} vs 1 image ${w(single)}`);
});

test('bootstrapAuc (one pass per replicate over the sorted scores) equals resampling the images themselves and re-ranking them', () => {
  // The direct way: each replicate copies the drawn patients' images and computes their AUC anew.
  const direct = (probs: number[], labels: number[], ids: string[], replicates: number, seed: number) => {
    const groups = new Map<string, number[]>();
    ids.forEach((p, i) => groups.set(p, [...(groups.get(p) ?? []), i]));
    const members = [...groups.values()];
    const random = seededRandom(seed);
    const out: number[] = [];
    for (let tries = 0; out.length < replicates && tries < replicates * 10; tries++) {
      const p: number[] = [];
      const l: number[] = [];
      for (let k = 0; k < members.length; k++) for (const i of members[Math.floor(random() * members.length)]) (p.push(probs[i]), l.push(labels[i]));
      if (l.some((x) => x === 1) && l.some((x) => x === 0)) out.push(rocAuc(p, l));
    }
    out.sort((a, b) => a - b);
    const at = (q: number) => out[Math.round(q * (out.length - 1))];
    return { value: rocAuc(probs, labels), low: at(0.025), high: at(0.975) };
  };
  // Ties included (scores rounded to two decimals), several images per patient, few patients.
  const { probs, labels, ids } = draw(30, 3, 1, 5);
  const tied = probs.map((x) => Math.round(x * 100) / 100);
  const fast = bootstrapAuc(tied, labels, ids, { replicates: 300, seed: 4 });
  const slow = direct(tied, labels, ids, 300, 4);
  for (const k of ['value', 'low', 'high'] as const) assert.ok(Math.abs(fast[k] - slow[k]) < 1e-12, `${k}: ${fast[k]} vs ${slow[k]}`);
});

test('bootstrapAuc with one class only has no spread to draw: the interval is the value', () => {
  const i = bootstrapAuc([0.1, 0.2, 0.3], [1, 1, 1], ['a', 'b', 'c'], { replicates: 50 });
  assert.deepEqual(i, { value: 0.5, low: 0.5, high: 0.5 });
});
