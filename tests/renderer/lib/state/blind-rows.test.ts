// Read first in the worklist: rows not yet read show no score and no label, and sort and filter as
// rows without an answer (the order by score gives nothing away); a read row shows its answer and
// the reader's finding; failed rows have nothing to hide; Read first off hides nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ScoreRow } from '../../../../src-main/api/contract';
import { matchesFilter, worklistView } from '../../../../src-main/api/worklist-view';
import { blindRows } from '../../../../src-renderer/src/lib/state/blind-rows';

const row = (file: string, probability: number, over: Partial<ScoreRow> = {}): ScoreRow => ({
  file,
  probability,
  label: probability >= 0.5 ? 'PNEUMONIA' : 'NORMAL',
  threshold: 0.5,
  model: 'default',
  error: null,
  warnings: [],
  attributes: {},
  ...over,
});

test('rows not read are hidden; the order by score and the label filters see no answer in them', () => {
  const rows = [row('/a.dcm', 0.9), row('/b.dcm', 0.1), row('/c.dcm', 0.7), row('/d.dcm', 0, { error: 'damaged', probability: null, label: null })];
  const shown = blindRows(rows, true, new Map([['/c.dcm', 'no-pneumonia' as const]]));
  assert.deepEqual(
    shown.map((r) => [r.file, r.probability, r.label, r.hiddenUntilRead ?? false, r.read ?? null]),
    [
      ['/a.dcm', null, null, true, null],
      ['/b.dcm', null, null, true, null],
      ['/c.dcm', 0.7, 'PNEUMONIA', false, 'no-pneumonia'],
      ['/d.dcm', null, null, false, null],
    ],
  );
  // Sorted by score, the hidden ones do not come out in the model's order (a before b by score).
  const byScore = worklistView(shown, { filter: 'all', search: '', sort: 'probability', descending: true }).map((r) => r.file);
  assert.equal(byScore[0], '/c.dcm', 'the read row, the one with an answer shown, first');
  // The hidden rows' order does not follow their scores: swapping the scores keeps it.
  const order = (pa: number, pb: number) =>
    worklistView(blindRows([row('/a.dcm', pa), row('/b.dcm', pb)], true, new Map()), { filter: 'all', search: '', sort: 'probability', descending: true }).map((r) => r.file);
  assert.deepEqual(order(0.9, 0.1), order(0.1, 0.9));
  assert.equal(shown.filter((r) => matchesFilter(r, 'pneumonia')).length, 1, 'only the read row counts as pneumonia');
  assert.equal(shown.filter((r) => matchesFilter(r, 'normal')).length, 0);
});

test('Read first off: rows as scored, with the finding beside those read', () => {
  const rows = [row('/a.dcm', 0.9), row('/b.dcm', 0.1)];
  assert.equal(blindRows(rows, false, new Map()), rows, 'nothing read, nothing changed');
  const shown = blindRows(rows, false, new Map([['/b.dcm', 'pneumonia' as const]]));
  assert.deepEqual(shown.map((r) => [r.probability, r.read ?? null]), [[0.9, null], [0.1, 'pneumonia']]);
});
