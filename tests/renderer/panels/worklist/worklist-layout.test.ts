// The worklist's line layout: grouped by study, each DICOM study gets one header line before its
// rows and plain images none; the lines in view are exactly those overlapping the scrolled span.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ScoreRow } from '../../../../src-main/api/contract';
import { DEFAULT_WORKLIST_VIEW, studyKey, worklistView } from '../../../../src-main/api/worklist-view';
import { layoutWorklist } from '../../../../src-renderer/src/panels/worklist/worklist-layout';

const row = (file: string, probability: number, study?: string): ScoreRow => ({
  file, probability, label: probability >= 0.5 ? 'PNEUMONIA' : 'NORMAL', threshold: 0.5, model: 'm', error: null, warnings: [],
  attributes: study ? { StudyInstanceUID: study } : {},
});

const rows = worklistView([row('/a1', 0.2, 'A'), row('/b1', 0.7, 'B'), row('/a2', 0.9, 'A'), row('/j', 0.5), row('/k', 0.4)], { ...DEFAULT_WORKLIST_VIEW, groupByStudy: true });

test('grouped: a header line before each study, none for plain images; ungrouped: rows only', () => {
  const grouped = layoutWorklist(rows, studyKey, 48, 30);
  assert.deepEqual(grouped.items.map((l) => (l.kind === 'row' ? l.row.file : `[${l.rows.map((r) => r.file).join(',')}]`)),
    ['[/a2,/a1]', '/a2', '/a1', '[/b1]', '/b1', '/j', '/k']);
  assert.equal(grouped.height, 5 * 48 + 2 * 30);
  assert.equal(grouped.topOf('/b1'), 30 + 2 * 48 + 30);
  assert.equal(grouped.topOf('/k'), 2 * 30 + 4 * 48);
  const flat = layoutWorklist(rows, null, 48, 30);
  assert.deepEqual(flat.items.map((l) => l.kind), ['row', 'row', 'row', 'row', 'row']);
  assert.equal(flat.height, 5 * 48);
});

test('the lines in view are those overlapping the span, and the slice starts at the first one', () => {
  const grouped = layoutWorklist(rows, studyKey, 48, 30);
  assert.deepEqual(grouped.range(0, 10), { first: 0, last: 1, top: 0 });
  // Lines: header A 0-30, /a2 30-78, /a1 78-126, header B 126-156, /b1 156-204, /j 204-252, /k 252-300.
  assert.deepEqual(grouped.range(100, 160), { first: 2, last: 5, top: 78 });
  assert.deepEqual(grouped.range(-500, 10_000), { first: 0, last: 7, top: 0 });
  assert.deepEqual(grouped.range(10_000, 11_000), { first: 7, last: 7, top: 0 });
  assert.deepEqual(grouped.range(126, 156), { first: 3, last: 4, top: 126 });
  const many = layoutWorklist(Array.from({ length: 10_000 }, (_, i) => row(`/f${i}`, 0.1)), null, 48, 30);
  assert.deepEqual(many.range(48 * 5000 + 1, 48 * 5002), { first: 5000, last: 5002, top: 48 * 5000 });
});
