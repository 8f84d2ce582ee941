// A DICOM result never states a guessed name (review 28 F6): a source that declares no character
// set, whose names hold bytes that are not ASCII nor UTF-8 (Windows-1251 Cyrillic here, read as
// "Åìåëüÿíîâà" in Latin-1), gives results with those values left empty and named in the notes,
// as docs/pacs.md says; its ASCII values are copied. A declared set, or undeclared UTF-8, is copied.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { sourceInstance } from '../../../src-main/engine/pacs/source-attributes';
import { loadStudy } from '../../../src-main/engine/studies/load-study';
import { writeDicom, type DicomSpec } from '../../fixtures/write-dicom';
import { tempDir } from '../../support/temp-dir';

let dir: string;
let n = 0;
before(async () => {
  dir = await tempDir('alveo-undeclared-charset-');
});

/** Bytes as the fixture writes text (one char per byte). */
const bytes = (...b: number[]) => String.fromCharCode(...b);
// "Емельянова^Антонина" and "Свитто" in Windows-1251.
const PATIENT_1251 = bytes(0xc5, 0xec, 0xe5, 0xeb, 0xfc, 0xff, 0xed, 0xee, 0xe2, 0xe0) + '^' + bytes(0xc0, 0xed, 0xf2, 0xee, 0xed, 0xe8, 0xed, 0xe0);
const DOCTOR_1251 = bytes(0xd1, 0xe2, 0xe8, 0xf2, 0xf2, 0xee);

async function source(attributes: Record<string, string>, elements: DicomSpec['elements'] = []) {
  const spec: DicomSpec = {
    elements,
    rows: 4,
    columns: 4,
    pixels: new Array(16).fill(100),
    attributes: { PatientID: 'ID-77', StudyInstanceUID: '1.2.826.0.1.3680043.2.1125.131.1', SeriesInstanceUID: '1.2.826.0.1.3680043.2.1125.131.1.1', SOPInstanceUID: `1.2.826.0.1.3680043.2.1125.131.1.1.${++n}`, Modality: 'CR', ...attributes },
  };
  return sourceInstance(await loadStudy(await writeDicom(join(dir, `s${n}.dcm`), spec)));
}

test('names in an undeclared set that is not UTF-8 are left empty in the results and named in the notes', async () => {
  const s = await source({ PatientName: PATIENT_1251, StudyDescription: 'CHEST PA' }, [[0x00080090, 'PN', DOCTOR_1251]]);
  assert.equal(s.patientStudy.PatientName, '', 'no Latin-1 guess as the patient name');
  assert.equal(s.patientStudy.ReferringPhysicianName, '');
  assert.equal(s.patientStudy.PatientID, 'ID-77', 'ASCII values are copied');
  assert.equal(s.patientStudy.StudyDescription, 'CHEST PA');
  assert.deepEqual(s.notes, [
    'PatientName in the source is in a character set the file does not declare: left empty, not guessed',
    'ReferringPhysicianName in the source is in a character set the file does not declare: left empty, not guessed',
  ]);
});

test('an ID in an undeclared set is not guessed either', async () => {
  const s = await source({ PatientName: 'Smith^John', PatientID: `ID-${bytes(0xc0, 0xc1)}` });
  assert.equal(s.patientStudy.PatientID, '');
  assert.equal(s.patientStudy.PatientName, 'Smith^John');
  assert.deepEqual(s.notes, ['PatientID in the source is in a character set the file does not declare: left empty, not guessed']);
});

test('a declared set, or undeclared UTF-8, is copied as read', async () => {
  const declared = await source({ SpecificCharacterSet: 'ISO_IR 100', PatientName: 'Müller^Jürgen' });
  assert.equal(declared.patientStudy.PatientName, 'Müller^Jürgen');
  assert.deepEqual(declared.notes, []);
  const utf8 = await source({ PatientName: Buffer.from('Müller^Jürgen', 'utf8').toString('latin1') });
  assert.equal(utf8.patientStudy.PatientName, 'Müller^Jürgen');
  assert.deepEqual(utf8.notes, []);
});
