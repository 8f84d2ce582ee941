// Which metrics a confusion matrix leaves undefined (evaluate shows them as n/a, not as 0 or 0.5).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { undefinedMetrics } from '../../../src-main/engine/training/metrics';

const names = (c: { tp: number; fp: number; tn: number; fn: number }) => undefinedMetrics(c).map((u) => u.metric);

test('both classes and some positive calls: every metric is defined', () => {
  assert.deepEqual(names({ tp: 3, fp: 2, tn: 3, fn: 2 }), []);
  assert.deepEqual(names({ tp: 0, fp: 2, tn: 3, fn: 2 }), [], 'sensitivity 0 and precision 0 are real zeros');
});

test('no PNEUMONIA images: sensitivity, F1, ROC-AUC and PR-AUC; precision too when none is called PNEUMONIA', () => {
  assert.deepEqual(names({ tp: 0, fp: 2, tn: 8, fn: 0 }), ['sensitivity', 'f1', 'auc', 'prAuc']);
  assert.deepEqual(names({ tp: 0, fp: 0, tn: 8, fn: 0 }), ['sensitivity', 'precision', 'f1', 'auc', 'prAuc']);
  assert.match(undefinedMetrics({ tp: 0, fp: 0, tn: 8, fn: 0 })[0].reason, /no PNEUMONIA images/);
});

test('no NORMAL images: specificity and ROC-AUC', () => {
  assert.deepEqual(names({ tp: 5, fp: 0, tn: 0, fn: 1 }), ['specificity', 'auc']);
});

test('no image called PNEUMONIA, both classes present: precision and F1', () => {
  assert.deepEqual(names({ tp: 0, fp: 0, tn: 5, fn: 4 }), ['precision', 'f1']);
});

test('every image called PNEUMONIA: NPV is undefined (no negative calls), the rest defined', () => {
  assert.deepEqual(names({ tp: 5, fp: 3, tn: 0, fn: 0 }), ['npv']);
  assert.match(undefinedMetrics({ tp: 5, fp: 3, tn: 0, fn: 0 })[0].reason, /no image called NORMAL/);
});
