// The model manager's evaluation figures (review 30 F11, F1): NPV beside PPV, each with its patient-
// aware interval, and the note under them says how the intervals were computed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EvaluationReport } from '../../../../src-main/api/evaluation';
import { evaluationIntervals } from '../../../../src-main/engine/training/evaluation-intervals';
import { confusionAt, metricsAt, npvOf, undefinedMetrics } from '../../../../src-main/engine/training/metrics';
import { intervalsNote, metricRows } from '../../../../src-renderer/src/panels/models/evaluation-format';

function report(probs: number[], labels: number[]): EvaluationReport {
  const m = metricsAt(probs, labels, 0.5);
  const patients = probs.map((_, i) => `p${Math.floor(i / 2)}`);
  return {
    ...m,
    npv: npvOf(m.confusion),
    threshold: 0.5,
    thresholdRule: 'test',
    model: { id: 'm', name: 'm', inputSize: 64 },
    dataset: { root: '/d', layout: 'class-folders', split: 'all', images: { NORMAL: 0, PNEUMONIA: 0 }, duplicates: 0, skipped: 0 },
    roc: [],
    calibration: { bins: [], ece: 0 },
    topLosses: [],
    failed: [],
    intervals: evaluationIntervals(probs, labels, patients, 0.5, undefinedMetrics(confusionAt(probs, labels, 0.5))),
    backend: 'wasm',
    ms: 1,
    created: '2026-01-01T00:00:00Z',
  };
}

test('NPV has a row and, like PPV, its 95% interval', () => {
  // 20 PNEUMONIA images (10 patients), 16 called; 20 NORMAL (10 patients), 2 called PNEUMONIA.
  const labels = [...Array(20).fill(1), ...Array(20).fill(0)];
  const probs = labels.map((y, i) => (y ? (i < 16 ? 0.9 : 0.2) : i < 22 ? 0.7 : 0.1));
  const r = report(probs, labels);
  const rows = new Map(metricRows(r).map((row) => [row.key, row]));
  // TN 18, FN 4: NPV 18/22 = 81.8%.
  assert.equal(rows.get('npv')?.text, '81.8%');
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  assert.equal(rows.get('npv')?.interval, `${pct(r.intervals!.npv!.low)}–${pct(r.intervals!.npv!.high)}`);
  assert.equal(rows.get('precision')?.interval, `${pct(r.intervals!.ppv!.low)}–${pct(r.intervals!.ppv!.high)}`);
  assert.match(intervalsNote(r.intervals!), /^Right: 95% intervals, patient bootstrap \(percentile, 1000 resamplings of the 20 patients, seed 12\), widened where narrower to Wilson's/);
});

test('an older report without NPV reads n/a there, not a made-up figure', () => {
  const labels = [1, 1, 0, 0];
  const { npv: _, ...older } = report([0.9, 0.8, 0.1, 0.2], labels);
  assert.equal(metricRows(older).find((row) => row.key === 'npv')?.text, 'n/a');
});
