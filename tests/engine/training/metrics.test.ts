// Metrics against values worked out by hand on a 10-image table.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { averagePrecision, calibration, chooseThreshold, confusionAt, metricsAt, rocAuc, rocPoints } from '../../../src-main/engine/training/metrics';

// label:  1    1    0    1    0    1    0    0    1    0
const probs = [0.95, 0.85, 0.8, 0.7, 0.6, 0.45, 0.3, 0.2, 0.15, 0.05];
const labels = [1, 1, 0, 1, 0, 1, 0, 0, 1, 0];
const near = (a: number, b: number, msg: string) => assert.ok(Math.abs(a - b) < 1e-12, `${msg}: ${a} != ${b}`);

test('confusion and ratios at 0.5', () => {
  // >= 0.5: 0.95(1) 0.85(1) 0.8(0) 0.7(1) 0.6(0) -> tp 3, fp 2; below: 0.45(1) 0.15(1) fn 2; tn 3
  assert.deepEqual(confusionAt(probs, labels, 0.5), { tp: 3, fp: 2, tn: 3, fn: 2 });
  const m = metricsAt(probs, labels, 0.5);
  near(m.accuracy, 0.6, 'accuracy');
  near(m.sensitivity, 0.6, 'sensitivity');
  near(m.specificity, 0.6, 'specificity');
  near(m.precision, 0.6, 'precision');
  near(m.f1, 0.6, 'f1');
  assert.equal(m.n, 10);
  // Positive exactly at the threshold counts as positive.
  assert.deepEqual(confusionAt([0.5], [1], 0.5), { tp: 1, fp: 0, tn: 0, fn: 0 });
});

test('ROC-AUC counts ordered pairs (ties half)', () => {
  // Negatives below each positive: 0.95 -> 5, 0.85 -> 5, 0.7 -> 4, 0.45 -> 3, 0.15 -> 1 => 18 of 25.
  near(rocAuc(probs, labels), 18 / 25, 'auc');
  near(rocAuc([0.5, 0.5], [1, 0]), 0.5, 'tie');
  near(rocAuc([0.9, 0.1], [1, 0]), 1, 'perfect');
  near(rocAuc([0.3, 0.3], [1, 1]), 0.5, 'one class');
});

test('average precision (PR-AUC) by hand', () => {
  // Positives at ranks 1, 2, 4, 6, 9: precision there 1, 1, 3/4, 4/6, 5/9; each adds 1/5 of recall.
  near(averagePrecision(probs, labels), (1 + 1 + 3 / 4 + 4 / 6 + 5 / 9) / 5, 'ap');
});

test('ROC points run from (0,0) to (1,1) through every distinct score', () => {
  const pts = rocPoints(probs, labels);
  assert.deepEqual(pts[0], { threshold: 1, tpr: 0, fpr: 0 });
  assert.equal(pts.length, 11);
  assert.deepEqual(pts.at(-1), { threshold: 0.05, tpr: 1, fpr: 1 });
  assert.deepEqual(pts[3], { threshold: 0.8, tpr: 0.4, fpr: 0.2 });
  assert.equal(rocPoints(probs, labels, 5).length, 5);
});

test('calibration bins and expected calibration error', () => {
  const c = calibration([0.1, 0.2, 0.9, 0.8], [0, 1, 1, 1], 2);
  // bin [0,0.5): mean p 0.15, observed 0.5; bin [0.5,1]: mean p 0.85, observed 1.
  near(c.bins[0].meanPredicted, 0.15, 'bin0 p');
  near(c.bins[0].observedPositive, 0.5, 'bin0 y');
  near(c.bins[1].meanPredicted, 0.85, 'bin1 p');
  assert.equal(c.bins[1].count, 2);
  near(c.ece, 0.5 * 0.35 + 0.5 * 0.15, 'ece');
  // p = 1 falls in the last bin.
  assert.equal(calibration([1], [1], 10).bins[9].count, 1);
});

test('threshold rules: max specificity at sensitivity >= 0.95, and Youden', () => {
  // Sensitivity >= 0.95 needs all 5 positives: lowest positive 0.15, next lower score 0.05 -> 0.10.
  const s = chooseThreshold(probs, labels, 'sensitivity-0.95');
  near(s.value, 0.1, 'sens rule value');
  assert.match(s.rule, /sensitivity >= 0\.95/);
  const m = metricsAt(probs, labels, s.value);
  assert.equal(m.sensitivity, 1);
  near(m.specificity, 0.2, 'spec at rule');
  // Youden: J at 0.85 -> 0.4, at 0.7 -> 0.6-0.2=0.4, at 0.45 -> 0.8-0.4=0.4 ... max 0.4 first at 0.85.
  const y = chooseThreshold(probs, labels, 'youden');
  near(y.value, (0.85 + 0.8) / 2, 'youden value');
  assert.match(y.rule, /Youden/);
  assert.equal(chooseThreshold([0.2, 0.4], [1, 1], 'youden').value, 0.5);
});

test('sensitivity rule: exactly 19 of 20 positives is sensitivity 0.95, enough (the rule stops there)', () => {
  // 20 positives and 20 negatives: 19 positives above every negative, one positive (0.1) below most
  // negatives. 19/20 is 0.95 exactly, so the rule keeps the higher threshold and its specificity 1;
  // asking for more than 0.95 would drop to the lone positive and lose most of the specificity.
  const pos = [...Array.from({ length: 19 }, (_, i) => 0.6 + i * 0.02), 0.1];
  const neg = Array.from({ length: 20 }, (_, i) => 0.01 + i * 0.02);
  const p = [...pos, ...neg];
  const l = [...pos.map(() => 1), ...neg.map(() => 0)];
  assert.equal(19 / 20, 0.95, 'the boundary is hit exactly in floating point');
  const s = chooseThreshold(p, l, 'sensitivity-0.95');
  assert.deepEqual(confusionAt(p, l, s.value), { tp: 19, fn: 1, fp: 0, tn: 20 });
  assert.ok(s.value > Math.max(...neg) && s.value <= 0.6, `threshold ${s.value} between the highest negative and the 19th positive`);
  const m = metricsAt(p, l, s.value);
  assert.equal(m.sensitivity, 0.95);
  assert.equal(m.specificity, 1);
  assert.match(s.rule, /sensitivity 0\.950, specificity 1\.000/);
});
