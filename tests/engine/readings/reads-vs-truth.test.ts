// Readers and the model against a reference standard, by image: sensitivity and specificity of the
// blinded first reads, the final reads and the model, counted by hand here; an image read by two
// readers counts once for the model; reads of images outside the reference are not matched.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReaderRead } from '../../../src-main/api/reader-reads';
import { readsVsTruth } from '../../../src-main/engine/readings/reads-vs-truth';
import { wilson } from '../../../src-main/api/wilson';

const read = (image: string, finding: ReaderRead['finding'], modelPositive: boolean, over: Partial<ReaderRead> = {}): ReaderRead => ({
  image,
  finding,
  afterAi: false,
  reader: 'alice',
  at: '2026-12-02T10:00:00.000Z',
  file: `/s/${image}.dcm`,
  ai: { label: modelPositive ? 'PNEUMONIA' : 'NORMAL', probability: modelPositive ? 0.9 : 0.1, threshold: 0.5, model: 'default', heldBack: false },
  ...over,
});

test('sensitivity and specificity of blinded, final and model calls, per image, with Wilson intervals', () => {
  const truth = new Map([
    ['p1:0', 'PNEUMONIA'],
    ['p2:0', 'PNEUMONIA'],
    ['p3:0', 'PNEUMONIA'],
    ['n1:0', 'NORMAL'],
    ['n2:0', 'NORMAL'],
  ] as const);
  const reads = [
    read('p1:0', 'pneumonia', true),
    // blinded miss, changed after the answer to the model's (correct) call
    read('p2:0', 'pneumonia', true, { afterAi: true, first: { finding: 'no-pneumonia', at: '2026-12-02T09:00:00.000Z', afterAi: false } }),
    read('p3:0', 'indeterminate', false),
    read('n1:0', 'no-pneumonia', true),
    read('n2:0', 'pneumonia', false),
    // a second reader of p1: counted for bob, not twice for the model
    read('p1:0', 'pneumonia', true, { reader: 'bob' }),
    // not in the reference
    read('x9:0', 'pneumonia', true),
  ];
  const s = readsVsTruth(reads, truth);
  assert.deepEqual([s.matched, s.reads], [6, 7]);
  const m = s.models[0];
  // Model on p1, p2, p3, n1, n2: positives p1 p2 right, p3 missed (2/3); negatives n1 wrong, n2 right (1/2).
  assert.deepEqual([m.accuracy.sensitivity.k, m.accuracy.sensitivity.n, m.accuracy.specificity.k, m.accuracy.specificity.n], [2, 3, 1, 2]);
  assert.deepEqual([m.accuracy.sensitivity.low, m.accuracy.sensitivity.high], [wilson(2, 3).low, wilson(2, 3).high]);
  const alice = s.readers.find((r) => r.reader === 'alice');
  assert.ok(alice?.blinded);
  // Blinded: p1 yes (right), p2 no (miss), n1 no (right), n2 yes (wrong); p3 indeterminate left out.
  assert.deepEqual([alice.blinded.sensitivity.k, alice.blinded.sensitivity.n, alice.blinded.specificity.k, alice.blinded.specificity.n], [1, 2, 1, 2]);
  // Final: p2 now yes.
  assert.deepEqual([alice.final.sensitivity.k, alice.final.sensitivity.n], [2, 2]);
  assert.equal(alice.indeterminate, 1);
  assert.deepEqual(s.readers.map((r) => r.reader), ['alice', 'bob']);
});
