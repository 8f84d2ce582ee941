// Agreement of readers' reads with the model: the 2x2 table, agreement and Cohen's kappa against a
// textbook example (Wikipedia's "Cohen's kappa": 20 / 5 / 10 / 15 gives po 0.7, pe 0.5, kappa 0.4),
// what is left out (indeterminate reads, held-back answers), the split by read first, and per model.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReaderRead } from '../../../src-main/api/reader-reads';
import { readsSummary } from '../../../src-main/engine/readings/read-agreement';
import { readsCsv } from '../../../src-main/engine/readings/reads-csv';

let n = 0;
const read = (finding: ReaderRead['finding'], modelPositive: boolean, over: Partial<ReaderRead> = {}, model = 'default'): ReaderRead => ({
  finding,
  afterAi: true,
  reader: 'alice',
  at: '2026-12-02T10:00:00.000Z',
  file: `/s/${n++}.dcm`,
  ai: { label: modelPositive ? 'PNEUMONIA' : 'NORMAL', probability: modelPositive ? 0.9 : 0.1, threshold: 0.5, model, heldBack: false },
  ...over,
});
const times = (k: number, f: () => ReaderRead) => Array.from({ length: k }, f);

test("the textbook table: agreement 0.7, kappa 0.4, with an interval around it", () => {
  const reads = [...times(20, () => read('pneumonia', true)), ...times(5, () => read('pneumonia', false)), ...times(10, () => read('no-pneumonia', true)), ...times(15, () => read('no-pneumonia', false))];
  const s = readsSummary(reads);
  assert.equal(s.models.length, 1);
  const a = s.models[0].all;
  assert.deepEqual(a.table, { both: 20, readerOnly: 5, modelOnly: 10, neither: 15 });
  assert.equal(a.n, 50);
  assert.ok(Math.abs((a.agreement ?? 0) - 0.7) < 1e-12);
  assert.ok(Math.abs((a.kappa ?? 0) - 0.4) < 1e-12);
  const [lo, hi] = a.kappaInterval ?? [NaN, NaN];
  assert.ok(lo < 0.4 && 0.4 < hi && lo > -1 && hi < 1, `${lo} .. ${hi}`);
});

test('indeterminate reads and held-back answers are counted apart; read first is split out; each model on its own', () => {
  const reads = [
    read('pneumonia', true, { afterAi: false }),
    read('no-pneumonia', true, { afterAi: false }),
    read('pneumonia', true),
    read('indeterminate', true),
    read('pneumonia', true, { ai: { label: 'PNEUMONIA', probability: 0.9, threshold: 0.5, model: 'default', heldBack: true } }),
    read('pneumonia', false, { reader: 'bob' }, 'site-a'),
    read('pneumonia', true, { ai: undefined }),
  ];
  const s = readsSummary(reads);
  assert.equal(s.reads, 7);
  assert.deepEqual(s.readers, ['alice', 'bob']);
  assert.equal(s.withoutModel, 1);
  const d = s.models.find((m) => m.model === 'default');
  assert.ok(d);
  assert.equal(d.all.n, 3);
  assert.deepEqual([d.indeterminate, d.heldBack], [1, 1]);
  assert.deepEqual([d.before.n, d.before.agreement, d.after.n, d.after.agreement], [2, 0.5, 1, 1]);
  assert.deepEqual(d.readers.map((r) => [r.reader, r.all.n]), [['alice', 3]]);
  const site = s.models.find((m) => m.model === 'site-a');
  assert.deepEqual([site?.all.n, site?.all.agreement, site?.all.kappaInterval], [1, 0, null], 'one read: no interval');
});

test('a blinded read changed after the answer counts as blinded for "before", as changed, and toward the model when it took its label', () => {
  const first = (finding: ReaderRead['finding'], afterAi = false) => ({ finding, at: '2026-12-02T09:00:00.000Z', afterAi });
  const reads = [
    // blinded no, model yes, changed to yes: toward the model
    read('pneumonia', true, { first: first('no-pneumonia') }),
    // blinded yes, model yes, changed to no: away from it
    read('no-pneumonia', true, { first: first('pneumonia') }),
    // a correction made with the answer on screen both times: not blinded, not counted as changed
    read('no-pneumonia', false, { first: first('pneumonia', true) }),
    // blinded, unchanged
    read('no-pneumonia', false, { afterAi: false, reader: 'bob' }),
  ];
  const m = readsSummary(reads).models[0];
  assert.deepEqual([m.changedAfterAi, m.changedTowardModel], [2, 1]);
  // Before: the three blinded first reads (no vs yes, yes vs yes, no vs no) -> 2 of 3 agree.
  assert.equal(m.before.n, 3);
  assert.ok(Math.abs((m.before.agreement ?? 0) - 2 / 3) < 1e-12);
  assert.deepEqual(m.readers.map((r) => r.reader), ['alice', 'bob']);
});

test('perfect agreement gives kappa 1 and no interval (the formula would say [1, 1])', () => {
  const m = readsSummary([...times(15, () => read('pneumonia', true)), ...times(15, () => read('no-pneumonia', false))]).models[0];
  assert.deepEqual([m.all.n, m.all.kappa, m.all.kappaInterval], [30, 1, null]);
});

test('the CSV has one row per read, the note whole (newline and a formula neutralised), agreement where both are findings', () => {
  const csv = readsCsv([read('pneumonia', true, { note: '=HYPERLINK("x")\nsecond line' }), read('indeterminate', false)]);
  const lines = csv.split('\n');
  assert.match(lines[0], /^file,image,sop_instance_uid,study_instance_uid,reader,finding,note,at,after_ai,first_finding,first_at,first_after_ai,reading_seconds,model,model_score,model_label,threshold,held_back,agrees$/);
  assert.match(csv, /,"'=HYPERLINK\(""x""\)\nsecond line",/);
  assert.match(csv, /,PNEUMONIA,0\.5,false,true\n/);
  assert.match(csv, /,alice,indeterminate,,.*,NORMAL,0\.5,false,\n$/);
});
