// The SR's coded label follows the one held-back policy: Present or Absent only for an answer the
// app shows; an answer held back (intended-use warnings) is coded Undetermined, its raw label in text.
// A result names its model so it can be traced: weights hash, and a calibration's temperature.
import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { NaturalizedDataset } from 'dcmjs';
import type { ResultFacts } from '../../../src-main/engine/pacs/result-facts';
import { structuredReport } from '../../../src-main/engine/pacs/structured-report';
import { imageComments } from '../../../src-main/engine/pacs/secondary-capture';
import { modelWeightsSha256 } from '../../../src-main/engine/model/model-weights-hash';
import { tempDir } from '../../support/temp-dir';
import { SAMPLE_FACTS, sampleSource } from './support/result-fixtures';

const source = sampleSource();
const facts = SAMPLE_FACTS;

/** Every content item, depth first. */
function items(ds: NaturalizedDataset): NaturalizedDataset[] {
  const children = (ds.ContentSequence as NaturalizedDataset[] | undefined) ?? [];
  return children.flatMap((c) => [c, ...items(c)]);
}
const labelOf = (ds: NaturalizedDataset) => {
  const item = items(ds).find((i) => (i.ConceptNameCodeSequence as NaturalizedDataset[])[0].CodeValue === 'ALV-LABEL');
  return ((item?.ConceptCodeSequence as NaturalizedDataset[] | undefined)?.[0]?.CodeMeaning as string | undefined) ?? null;
};
const report = (f: ResultFacts) => structuredReport({ source, facts: f, seriesInstanceUid: '1.2.3.9', sopInstanceUid: '1.2.3.9.1', at: new Date(0) });

test('shown answers are coded Present or Absent; a held-back one Undetermined, with its raw label only in text', () => {
  assert.equal(labelOf(report(facts)), 'Present');
  assert.equal(labelOf(report({ ...facts, label: 'NORMAL', probability: 0.1 })), 'Absent');
  const held = report({ ...facts, warnings: ['The patient is 62 years old: the model was trained on ages 1-5 years.'] });
  assert.equal(labelOf(held), 'Undetermined');
  const texts = items(held).map((i) => String(i.TextValue ?? ''));
  assert.ok(texts.some((t) => /^Held back: .*own output at the threshold was PNEUMONIA, which is not a finding\.$/.test(t)), texts.join(' | '));
  assert.ok(texts.includes('The patient is 62 years old: the model was trained on ages 1-5 years.'));
});

test("the reader's read: agreement with the label only where both are findings", () => {
  const agreement = (f: ResultFacts) => {
    const item = items(report(f)).find((i) => (i.ConceptNameCodeSequence as NaturalizedDataset[])[0].CodeValue === 'ALV-AGREE');
    return ((item?.ConceptCodeSequence as NaturalizedDataset[] | undefined)?.[0]?.CodeMeaning as string | undefined) ?? null;
  };
  const reader = { finding: 'pneumonia' as const, afterAi: true, reader: 'alice', at: '2026-12-02T10:00:00.000Z', file: '/x.dcm' };
  assert.equal(agreement(facts), null, 'no read, no agreement');
  assert.equal(agreement({ ...facts, reader }), 'Yes');
  assert.equal(agreement({ ...facts, label: 'NORMAL', reader }), 'No');
  assert.equal(agreement({ ...facts, reader: { ...reader, finding: 'no-pneumonia' } }), 'No');
  assert.equal(agreement({ ...facts, label: 'NORMAL', reader: { ...reader, finding: 'no-pneumonia' } }), 'Yes');
  assert.equal(agreement({ ...facts, reader: { ...reader, finding: 'indeterminate' } }), null, 'an indeterminate read agrees with nothing');
  assert.equal(agreement({ ...facts, warnings: ['The patient is 62 years old.'], reader }), null, 'a held-back answer is not a finding to agree with');
  const container = report({ ...facts, reader }).ContentSequence as NaturalizedDataset[];
  const assessment = container.find((i) => (i.ConceptNameCodeSequence as NaturalizedDataset[])[0].CodeValue === 'ALV-READER');
  assert.ok(assessment, 'the assessment is a container of the report');
  assert.match(String(assessment.ObservationDateTime), /^2026120\d{7}/);
});

test('a site-calibrated model is named with its temperature beside the weights it shares with its parent', () => {
  const params = (f: ResultFacts) =>
    items(report(f))
      .filter((i) => (i.ConceptNameCodeSequence as NaturalizedDataset[])[0].CodeMeaning === 'Algorithm Parameters')
      .map((i) => String(i.TextValue));
  const plain = params(facts);
  assert.ok(plain.includes(`weights sha256 ${'ab'.repeat(32)}`), plain.join(' | '));
  assert.ok(!plain.some((t) => /temperature/.test(t)), 'an uncalibrated model names no temperature');
  const calibrated = params({ ...facts, temperature: 1.2345678 });
  assert.ok(calibrated.includes(`weights sha256 ${'ab'.repeat(32)}`));
  assert.ok(calibrated.includes('site calibration: temperature 1.23457 (probability = sigmoid(logit / temperature) of the weights named)'), calibrated.join(' | '));
  // The capture's comments name the same identity (the burned-in lines name the model in short).
  assert.match(imageComments({ ...facts, temperature: 1.2345678 }), new RegExp(`Model Alveo default \\(default\\), weights sha256 ${'ab'.repeat(32)}; site calibration: temperature 1\\.23457 `));
  assert.match(imageComments(facts), new RegExp(`weights sha256 ${'ab'.repeat(32)}\\.$`));
});

test('the weights hash follows the model folder: another model under the same folder is hashed afresh', async () => {
  const dir = await tempDir('alveo-weights-hash-');
  const write = async (bytes: number[]) => {
    await writeFile(join(dir, 'w.bin'), Uint8Array.from(bytes));
    // A new model.json (the file is replaced, as an import or a retrain writes it).
    await rm(join(dir, 'model.json'), { force: true });
    await writeFile(join(dir, 'model.json'), JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'k', shape: [bytes.length], dtype: 'float32' }] }] }));
  };
  await write([1, 2, 3, 4]);
  const first = await modelWeightsSha256(dir);
  assert.equal(await modelWeightsSha256(dir), first, 'the same folder: the same hash');
  await write([5, 6, 7, 8]);
  assert.notEqual(await modelWeightsSha256(dir), first, 'other weights, same folder: another hash');
});

test('a site policy note goes into the SR as a comment and into the capture comments', () => {
  const note = 'The file records no usable age: read as a child\'s (1-5 years), as this site\'s policy says (Models tab, "This site").';
  const texts = items(report({ ...facts, notes: [note] })).map((i) => String(i.TextValue ?? ''));
  assert.ok(texts.includes(`Site policy: ${note}`), texts.join(' | '));
  assert.ok(!items(report(facts)).some((i) => String(i.TextValue ?? '').startsWith('Site policy')));
  assert.ok(imageComments({ ...facts, notes: [note] }).includes(`Site policy: ${note}`));
});

test("the Device Observer UID names this workstation: stable here, another on another machine or account, never the software's class UID", async () => {
  const { deviceObserverUid } = await import('../../../src-main/engine/pacs/dicom-uid');
  const { IMPLEMENTATION_CLASS_UID } = await import('../../../src-main/engine/pacs/dicom-file');
  const here = deviceObserverUid();
  assert.match(here, /^2\.25\.\d{1,39}$/);
  assert.ok(here.length <= 64);
  assert.equal(deviceObserverUid(), here);
  assert.notEqual(deviceObserverUid('other-host', 'root'), deviceObserverUid('ws-12', 'root'));
  assert.notEqual(deviceObserverUid('ws-12', 'alice'), deviceObserverUid('ws-12', 'bob'));
  const device = items(report(facts)).find((i) => (i.ConceptNameCodeSequence as NaturalizedDataset[])[0].CodeValue === '121012');
  assert.equal(device?.UID, here);
  assert.notEqual(device?.UID, IMPLEMENTATION_CLASS_UID);
});
