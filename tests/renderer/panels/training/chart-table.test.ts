// A chart's text alternative (review 24 M8): the plotted values as a table and a summary sentence.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chartTable, defaultSummary, PER_SERIES, samplePoints, tableNumber } from '../../../../src-renderer/src/panels/training/chart-table';

const fmt = { xLabel: 'epoch', yLabel: 'loss', atLabel: '', x: tableNumber, y: tableNumber };

test('series on the same epochs: a row per epoch, a column per series; reference and per-batch lines left out', () => {
  const t = chartTable(
    [
      { id: 'batch', label: 'per batch', points: [{ x: 0.5, y: 0.9 }, { x: 1.5, y: 0.4 }], table: false },
      { id: 'train', label: 'Training', points: [{ x: 1, y: 0.61234 }, { x: 2, y: 0.3 }] },
      { id: 'val', label: 'Validation', points: [{ x: 1, y: 0.7 }, { x: 2, y: Number.NaN }] },
      { id: 'chance', label: 'chance', points: [{ x: 0, y: 0 }, { x: 1, y: 1 }], hideInLegend: true },
    ],
    fmt,
  );
  assert.deepEqual(t.columns, ['epoch', 'Training', 'Validation']);
  assert.deepEqual(t.rows, [
    { head: '1', cells: ['0.612', '0.700'] },
    { head: '2', cells: ['0.300', '—'] },
  ]);
  assert.equal(t.sampled, '');
});

test('curves with x values of their own (ROC): a row per point with its threshold, long ones sampled evenly', () => {
  const roc = Array.from({ length: 40 }, (_, i) => ({ x: i / 39, y: Math.sqrt(i / 39), at: 1 - i / 39 }));
  const t = chartTable([{ id: 'roc-a', label: 'A', points: roc }, { id: 'roc-b', label: 'B', points: roc.slice(0, 5).map((p) => ({ ...p, x: p.x + 0.01 })) }], {
    ...fmt,
    xLabel: '1 − specificity',
    yLabel: 'sensitivity',
    atLabel: 'threshold',
  });
  assert.deepEqual(t.columns, ['Series', '1 − specificity', 'sensitivity', 'threshold']);
  const a = t.rows.filter((r) => r.series === 'roc-a');
  assert.equal(a.length, PER_SERIES);
  assert.deepEqual(a[0].cells, ['0', '0', '1']);
  assert.deepEqual(a.at(-1)?.cells, ['1', '1', '0']);
  assert.equal(t.rows.filter((r) => r.series === 'roc-b').length, 5);
  assert.match(t.sampled, /evenly spaced/);
  assert.deepEqual(samplePoints([1, 2, 3]), [1, 2, 3]);
});

test('the default summary gives each series its lowest and highest point', () => {
  const s = defaultSummary([{ id: 'v', label: 'held-out loss', points: [{ x: 1, y: 0.5 }, { x: 2, y: 0.25 }, { x: 3, y: 0.4 }] }], 'epoch', tableNumber, tableNumber);
  assert.equal(s, 'held-out loss: lowest 0.250 at epoch 2, highest 0.500 at epoch 1');
});
