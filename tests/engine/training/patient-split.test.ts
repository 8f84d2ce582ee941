// Patient-level splits on the full Kermany training listing (listing and hashing only: fast), and
// the merge of a tiny official validation folder.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { importDataset } from '../../../src-main/engine/training/import-dataset';
import { patientSplit } from '../../../src-main/engine/training/patient-split';
import { trainingSplit } from '../../../src-main/engine/training/training-split';
import type { DatasetItem } from '../../../src-main/engine/training/dataset-item';
import { SHARED_DATA, skipUnless } from '../studies/shared-data';

const KERMANY_224 = join(SHARED_DATA, 'kermany-224');
const KERMANY_ORIG = join(SHARED_DATA, 'kermany-orig');

function patientsOf(items: DatasetItem[]): Set<string> {
  return new Set(items.map((it) => it.patientId));
}

test('Kermany train: no patient in two splits, classes stratified, seeded', { skip: skipUnless(KERMANY_224) }, async () => {
  const ds = await importDataset(KERMANY_224);
  assert.equal(ds.items.length, 5216);
  for (const seed of [1, 42]) {
    const { train, val, heldOut, summary } = trainingSplit(ds, 0.15, seed);
    const trainP = patientsOf(train);
    for (const p of patientsOf(val)) assert.ok(!trainP.has(p), `patient ${p} in both splits (seed ${seed})`);
    assert.equal(heldOut.length, 0);
    assert.equal(train.length + val.length, 5216 - ds.summary.duplicates.removed);
    for (const label of [0, 1] as const) {
      const all = train.filter((it) => it.label === label).length + val.filter((it) => it.label === label).length;
      const share = val.filter((it) => it.label === label).length / all;
      assert.ok(Math.abs(share - 0.15) < 0.01, `class ${label}: ${share} of images in validation`);
    }
    assert.equal(summary.val.images.NORMAL + summary.val.images.PNEUMONIA, val.length);
    assert.match(summary.rule, /patient-level/);
  }
  const a = trainingSplit(ds, 0.15, 7).val.map((it) => it.file);
  const b = trainingSplit(ds, 0.15, 7).val.map((it) => it.file);
  const c = trainingSplit(ds, 0.15, 8).val.map((it) => it.file);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test('a tiny official validation folder is merged and re-split, and the split says so', { skip: skipUnless(KERMANY_ORIG) }, async () => {
  const ds = await importDataset(KERMANY_ORIG);
  const { train, val, summary } = trainingSplit(ds, 0.15, 42);
  assert.ok(summary.notes.some((n) => /official validation folder was merged with train and re-split by patient: it has only 16 images/.test(n)), summary.notes.join('; '));
  assert.ok(val.length > 200);
  assert.ok(val.some((it) => it.officialSplit === 'train'));
  const trainP = patientsOf(train);
  for (const p of patientsOf(val)) assert.ok(!trainP.has(p));
});

test('patients with many images stay whole; every image lands in exactly one split', () => {
  const items: DatasetItem[] = [];
  for (let p = 0; p < 60; p++) {
    const n = 1 + (p % 5);
    for (let i = 0; i < n; i++) {
      items.push({ file: `/d/p${p}_${i}.png`, label: p % 3 === 0 ? 0 : 1, patientId: `p${p}`, patientSource: 'file', officialSplit: null, format: 'png', sha256: `${p}-${i}` });
    }
  }
  const { train, val } = patientSplit(items, 0.2, 3);
  assert.equal(train.length + val.length, items.length);
  assert.equal(new Set([...train, ...val].map((it) => it.file)).size, items.length);
  const trainP = patientsOf(train);
  for (const p of patientsOf(val)) assert.ok(!trainP.has(p));
  assert.ok(val.some((it) => it.label === 0) && val.some((it) => it.label === 1));
});
