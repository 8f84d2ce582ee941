// The SR's coded label follows the one held-back policy: Present or Absent only for an answer the
// app shows; an answer held back (intended-use warnings) is coded Undetermined, its raw label in text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NaturalizedDataset } from 'dcmjs';
import type { ResultFacts } from '../../../src-main/engine/pacs/result-facts';
import type { SourceInstance } from '../../../src-main/engine/pacs/source-attributes';
import { structuredReport } from '../../../src-main/engine/pacs/structured-report';

const source: SourceInstance = {
  patientStudy: { PatientName: 'Test^Child', PatientID: 'P1', StudyInstanceUID: '1.2.3' },
  studyInstanceUid: '1.2.3',
  seriesInstanceUid: '1.2.3.4',
  sopClassUid: '1.2.840.10008.5.1.4.1.1.1',
  sopInstanceUid: '1.2.3.4.5',
  patientOrientation: '',
  laterality: '',
  lossy: false,
  notes: [],
};
const facts: ResultFacts = {
  probability: 0.91,
  label: 'PNEUMONIA',
  threshold: 0.4931,
  thresholdRule: 'rule',
  modelId: 'default',
  modelName: 'Alveo default',
  weightsSha256: 'ab'.repeat(32),
  engine: 'onnxruntime (cpu)',
  warnings: [],
  softwareVersion: '0.1.0',
};

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
