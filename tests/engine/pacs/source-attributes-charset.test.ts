// What a DICOM result copies from a source whose character set is unusual (review 41):
// - a misspelt defined term ("ISO_IR144") is read as meant, so the names are copied (F2);
// - a term that is no DICOM set ("WINDOWS-1251") is no better declared than none: text beyond
//   ASCII is left empty and named, exactly as for an undeclared set (F2);
// - LO, SH and PN lengths are counted in characters as PS3.5 Table 6.2-1 does, not in the UTF-8
//   bytes the result is written in: a description valid in its source is copied (F4);
// - Latin-1 declared over UTF-8 bytes is copied as declared, but said (F10).
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
  dir = await tempDir('alveo-source-charset-');
});

async function source(attributes: Record<string, string>, elements: DicomSpec['elements'] = []) {
  const spec: DicomSpec = {
    elements,
    rows: 4,
    columns: 4,
    pixels: new Array(16).fill(100),
    attributes: { PatientID: 'ID-41', StudyInstanceUID: '1.2.826.0.1.3680043.2.1125.141.1', SeriesInstanceUID: '1.2.826.0.1.3680043.2.1125.141.1.1', SOPInstanceUID: `1.2.826.0.1.3680043.2.1125.141.1.1.${++n}`, Modality: 'CR', ...attributes },
  };
  return sourceInstance(await loadStudy(await writeDicom(join(dir, `s${n}.dcm`), spec)));
}

/** ISO 8859-5 (ISO_IR 144) places А..я at 0xB0..0xEF, Ё/ё elsewhere (not used here). */
const iso8859_5 = (s: string) => [...s].map((c) => (/[А-я]/.test(c) ? String.fromCharCode(c.charCodeAt(0) - 0x410 + 0xb0) : c)).join('');
/** ISO 8859-8 (ISO_IR 138) places א..ת at 0xE0..0xFA. */
const iso8859_8 = (s: string) => [...s].map((c) => (/[א-ת]/.test(c) ? String.fromCharCode(c.charCodeAt(0) - 0x5d0 + 0xe0) : c)).join('');
/** Windows-1251 places А..я at 0xC0..0xFF. */
const cp1251 = (s: string) => [...s].map((c) => (/[А-я]/.test(c) ? String.fromCharCode(c.charCodeAt(0) - 0x410 + 0xc0) : c)).join('');
const latin1 = (s: string) => Buffer.from(s).toString('latin1');

test('a misspelt defined term: names read as meant are copied', async () => {
  const s = await source({ SpecificCharacterSet: 'ISO_IR144', PatientName: iso8859_5('Иванов^Иван'), StudyDescription: iso8859_5('Рентген') });
  assert.equal(s.patientStudy.PatientName, 'Иванов^Иван');
  assert.equal(s.patientStudy.StudyDescription, 'Рентген');
  assert.deepEqual(s.notes, []);
});

test('a term that is no DICOM set: text beyond ASCII is left empty and named, ASCII is copied', async () => {
  const s = await source({ SpecificCharacterSet: 'WINDOWS-1251', PatientName: cp1251('Иванов^Иван'), StudyDescription: 'CHEST PA' }, [[0x00080090, 'PN', cp1251('Петров')]]);
  assert.equal(s.patientStudy.PatientName, '', 'no Latin-1 guess as the patient name');
  assert.equal(s.patientStudy.ReferringPhysicianName, '');
  assert.equal(s.patientStudy.PatientID, 'ID-41');
  assert.equal(s.patientStudy.StudyDescription, 'CHEST PA');
  assert.deepEqual(s.notes, [
    "PatientName in the source is in character set 'WINDOWS-1251', which is not a DICOM character set: left empty, not guessed",
    "ReferringPhysicianName in the source is in character set 'WINDOWS-1251', which is not a DICOM character set: left empty, not guessed",
  ]);
});

test('LO, SH and PN lengths count characters: descriptions valid in their source are copied', async () => {
  // 55 characters, 55 bytes in ISO_IR 144, 104 bytes in UTF-8.
  const ru = 'Рентгенография органов грудной клетки в прямой проекции';
  const s = await source({ SpecificCharacterSet: 'ISO_IR 144', StudyDescription: iso8859_5(ru) });
  assert.equal(s.patientStudy.StudyDescription, ru);
  assert.deepEqual(s.notes, []);
  // 46 characters in ISO_IR 138 (83 bytes in UTF-8); a 16-character Study ID (SH) and a name whose groups are 64 characters each.
  const he = 'צילום חזה בשכיבה, מחלקת ילדים, חשד לדלקת ריאות';
  const id = 'מחקר-אאאאבבבבגגג';
  const group = 'כהן^' + 'ש'.repeat(60);
  const h = await source({ SpecificCharacterSet: 'ISO_IR 138', StudyDescription: iso8859_8(he), PatientName: iso8859_8(`Cohen^Sarah=${group}`) }, [[0x00200010, 'SH', iso8859_8(id)]]);
  assert.equal([...id].length, 16);
  assert.equal(h.patientStudy.StudyDescription, he);
  assert.equal(h.patientStudy.StudyID, id);
  assert.equal(h.patientStudy.PatientName, `Cohen^Sarah=${group}`);
  assert.deepEqual(h.notes, []);
  // Longer than the standard allows, counted in characters: invalid in the source too, so not copied.
  const long = await source({ SpecificCharacterSet: 'ISO_IR 144', StudyDescription: iso8859_5('Р'.repeat(65)) });
  assert.equal(long.patientStudy.StudyDescription, undefined);
  assert.deepEqual(long.notes, ['StudyDescription in the source is not a valid LO value: left empty']);
});

test('Latin-1 declared over UTF-8 bytes: copied as declared, and said', async () => {
  const s = await source({ SpecificCharacterSet: 'ISO_IR 100', PatientName: latin1('Müller^Jürgen'), StudyDescription: 'Thorax' });
  assert.equal(s.patientStudy.PatientName, 'MÃ¼ller^JÃ¼rgen');
  assert.equal(s.patientStudy.StudyDescription, 'Thorax');
  assert.deepEqual(s.notes, ['PatientName in the source reads as UTF-8 though the file declares Latin-1 (ISO_IR 100): copied as declared, as Latin-1']);
  // Genuine Latin-1: copied without a word.
  assert.deepEqual((await source({ SpecificCharacterSet: 'ISO_IR 100', PatientName: 'Müller^Jürgen' })).notes, []);
});
