// The statistics behind site calibration, on numbers with a known answer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bootstrapSensSpec, fitTemperature, logLossAt, wilson } from '../../../src-main/engine/training/calibrate-fit';
import { seededRandom } from '../../../src-main/engine/training/seeded-random';
import { sigmoidAt } from '../../../src-main/engine/model/temperature';

function draw(n: number, scale: number, seed: number) {
  const random = seededRandom(seed);
  const logits: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const z = (random() * 2 - 1) * 6; // true logit
    labels.push(random() < sigmoidAt(z) ? 1 : 0);
    logits.push(z * scale); // an over-confident model: its logits are `scale` times too large
  }
  return { logits, labels };
}

test('fitTemperature recovers the over-confidence factor of logits drawn from known probabilities', () => {
  const { logits, labels } = draw(20000, 2.5, 3);
  const t = fitTemperature(logits, labels);
  assert.ok(Math.abs(t - 2.5) < 0.15, `fitted ${t}, drawn with 2.5`);
  assert.ok(logLossAt(logits, labels, t) < logLossAt(logits, labels, 1));
  // Already calibrated logits keep T close to 1.
  const calibrated = draw(20000, 1, 4);
  assert.ok(Math.abs(fitTemperature(calibrated.logits, calibrated.labels) - 1) < 0.08);
});

test('bootstrapSensSpec: the value matches the counts and the 95% interval contains it, narrowing with more patients', () => {
  const make = (patients: number) => {
    const probs: number[] = [];
    const labels: number[] = [];
    const ids: string[] = [];
    for (let p = 0; p < patients; p++) {
      // 2 images per patient; every 5th positive patient missed, every 4th negative one flagged.
      const label = p % 2;
      const flagged = label === 1 ? p % 10 !== 1 : p % 8 === 0;
      for (let k = 0; k < 2; k++) {
        probs.push(flagged ? 0.9 : 0.1);
        labels.push(label);
        ids.push(`p${p}`);
      }
    }
    return bootstrapSensSpec(probs, labels, ids, 0.5, { replicates: 500, seed: 1 });
  };
  const small = make(40);
  const large = make(400);
  assert.equal(large.sensitivity.value, 0.8);
  assert.equal(large.specificity.value, 0.75);
  for (const r of [small, large]) {
    for (const i of [r.sensitivity, r.specificity]) assert.ok(i.low <= i.value && i.value <= i.high, JSON.stringify(i));
  }
  const width = (i: { low: number; high: number }) => i.high - i.low;
  assert.ok(width(large.sensitivity) < width(small.sensitivity) / 2, `${width(large.sensitivity)} vs ${width(small.sensitivity)}`);
});

test('bootstrapSensSpec: every image right is not certainty; the interval is at least Wilson\'s (25 of 25: 0.867-1)', () => {
  const probs = [...Array(25).fill(0.9), ...Array(25).fill(0.1)];
  const labels = [...Array(25).fill(1), ...Array(25).fill(0)];
  const r = bootstrapSensSpec(probs, labels, probs.map((_, i) => `p${i}`), 0.5, { replicates: 300, seed: 3 });
  for (const i of [r.sensitivity, r.specificity]) {
    assert.equal(i.value, 1);
    assert.equal(i.high, 1);
    assert.ok(Math.abs(i.low - 0.8668) < 0.001, JSON.stringify(i));
  }
  const w = wilson(20, 25);
  assert.ok(Math.abs(w.low - 0.609) < 0.002 && Math.abs(w.high - 0.911) < 0.002, JSON.stringify(w));
});

test('siteThreshold: the target sensitivity at the best specificity, keeping every positive that costs no false positive', async () => {
  const { siteThreshold } = await import('../../../src-main/engine/training/calibrate-site');
  // Separated: negatives 0.1-0.3, positives 0.5-0.9 (20 of them). 95% would allow dropping 0.5.
  const pos = Array.from({ length: 20 }, (_, i) => 0.5 + i * 0.02);
  const neg = [0.1, 0.2, 0.3];
  const t = siteThreshold([...pos, ...neg], [...pos.map(() => 1), ...neg.map(() => 0)], 0.95);
  assert.ok(t > 0.3 && t < 0.5, `threshold ${t} keeps every positive and flags no negative`);
  // Overlapping: the positive at 0.25 would cost a false positive (0.3): 95% lets it go.
  const pos2 = [0.25, ...pos.slice(1)];
  const t2 = siteThreshold([...pos2, ...neg], [...pos2.map(() => 1), ...neg.map(() => 0)], 0.95);
  assert.ok(t2 > 0.3 && t2 <= 0.52, `threshold ${t2}`);
  // A target it can only reach by flagging negatives: sensitivity first.
  const t3 = siteThreshold([...pos2, ...neg], [...pos2.map(() => 1), ...neg.map(() => 0)], 0.99);
  assert.ok(t3 <= 0.25, `threshold ${t3}`);
});

test('fitTemperature on perfectly separated images stays within [0.5, 1] instead of running to 0', () => {
  const logits = [3, 4, 5, 6, 7, 8, -3, -4, -5, -6, -7, -8];
  const labels = [1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0];
  const t = fitTemperature(logits, labels);
  assert.ok(t >= 0.5 && t <= 1, `fitted ${t}`);
});
