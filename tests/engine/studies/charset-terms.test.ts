// Specific Character Set values the decoder does not know as written (review 41 F2): a misspelt
// defined term ("ISO_IR144", "ISO-IR 138") is read as the term it can only mean, with a note; a
// term that is no DICOM set ("WINDOWS-1251") is read as an undeclared set (Latin-1 unless the
// bytes are UTF-8) with a note naming it. And Latin-1 declared over UTF-8 bytes (F10): read as
// declared, with a note naming the values.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { resolveCharacterSet } from '../../../src-main/engine/studies/dicom/resolve-character-set';
import { loadStudy } from '../../../src-main/engine/studies/load-study';
import { writeDicom } from '../../fixtures/write-dicom';
import { tempDir } from '../../support/temp-dir';

let dir: string;
let n = 0;
before(async () => {
  dir = await tempDir('alveo-charset-terms-');
});

/** Loads a file whose attributes are written byte for byte (write-dicom writes text as Latin-1). */
async function load(attributes: Record<string, string>) {
  const path = await writeDicom(join(dir, `t${++n}.dcm`), { rows: 2, columns: 2, pixels: [1, 2, 3, 4], attributes });
  return loadStudy(path);
}

const latin1 = (b: Buffer) => b.toString('latin1');
/** ISO 8859-5 places А..я (U+0410..U+044F) at 0xB0..0xEF. */
const iso8859_5 = (s: string) => [...s].map((c) => (/[А-я]/.test(c) ? String.fromCharCode(c.charCodeAt(0) - 0x410 + 0xb0) : c)).join('');
/** ISO 8859-8 places א..ת (U+05D0..U+05EA) at 0xE0..0xFA. */
const iso8859_8 = (s: string) => [...s].map((c) => (/[א-ת]/.test(c) ? String.fromCharCode(c.charCodeAt(0) - 0x5d0 + 0xe0) : c)).join('');
/** Windows-1251 places А..я at 0xC0..0xFF. */
const cp1251 = (s: string) => [...s].map((c) => (/[А-я]/.test(c) ? String.fromCharCode(c.charCodeAt(0) - 0x410 + 0xc0) : c)).join('');

test('every defined term resolves to itself, and spelling variants to the one term they mean', () => {
  for (const t of ['ISO_IR 100', 'ISO_IR 144', 'ISO_IR 13', 'ISO_IR 138', 'ISO 2022 IR 87', 'ISO_IR 192', 'GB18030']) {
    assert.deepEqual(resolveCharacterSet(t), { value: t, misspelt: [], unknown: [] });
  }
  assert.deepEqual(resolveCharacterSet('ISO_IR144'), { value: 'ISO_IR 144', misspelt: [{ written: 'ISO_IR144', term: 'ISO_IR 144' }], unknown: [] });
  assert.equal(resolveCharacterSet('ISO-IR 138').value, 'ISO_IR 138');
  assert.equal(resolveCharacterSet('iso_ir 100').value, 'ISO_IR 100');
  assert.equal(resolveCharacterSet('ISO IR 13').value, 'ISO_IR 13', 'not ISO_IR 138: the digits are kept whole');
  assert.equal(resolveCharacterSet('ISO2022 IR 87').value, 'ISO 2022 IR 87');
  assert.equal(resolveCharacterSet('\\ISO 2022_IR 149').value, '\\ISO 2022 IR 149', 'an empty first term stays');
  assert.deepEqual(resolveCharacterSet('WINDOWS-1251').unknown, ['WINDOWS-1251']);
  assert.deepEqual(resolveCharacterSet('UTF-8').unknown, ['UTF-8'], 'another naming scheme is not guessed at');
});

test('a misspelt defined term is read as the term it means, with a note that the file misspells it', async () => {
  const ru = await load({ SpecificCharacterSet: 'ISO_IR144', PatientName: iso8859_5('Иванов^Иван'), StudyDescription: iso8859_5('Рентген') });
  assert.equal(ru.attributes.PatientName, 'Иванов^Иван');
  assert.equal(ru.attributes.StudyDescription, 'Рентген');
  assert.ok(ru.notes.includes("the file declares character set 'ISO_IR144', a misspelling of the DICOM term 'ISO_IR 144': text read as ISO_IR 144"), ru.notes.join(' | '));
  const he = await load({ SpecificCharacterSet: 'ISO-IR 138', PatientName: iso8859_8('כהן^שרה') });
  assert.equal(he.attributes.PatientName, 'כהן^שרה');
  assert.ok(he.notes.some((x) => x.includes("'ISO-IR 138', a misspelling of the DICOM term 'ISO_IR 138'")));
  // The tag list (study panel) decodes the same way.
  assert.equal(he.tags.find((t) => t.keyword === 'PatientName')?.value, 'כהן^שרה');
});

test('a term that is no DICOM set reads as an undeclared set, with a note naming the term', async () => {
  const s = await load({ SpecificCharacterSet: 'WINDOWS-1251', PatientName: cp1251('Иванов^Иван') });
  assert.equal(s.attributes.PatientName, 'Èâàíîâ^Èâàí', 'shown as Latin-1, as before');
  assert.ok(s.notes.includes("the file declares character set 'WINDOWS-1251', which is not a DICOM character set: text shown as Latin-1, which may be wrong"), s.notes.join(' | '));
  // Its ASCII text needs no word; UTF-8 bytes read as UTF-8, as in an undeclared file.
  assert.deepEqual((await load({ SpecificCharacterSet: 'WINDOWS-1251', PatientName: 'Smith^John' })).notes.filter((x) => x.includes('character set')), []);
  const utf8 = await load({ SpecificCharacterSet: 'UTF-8', PatientName: latin1(Buffer.from('Müller^Zoë')) });
  assert.equal(utf8.attributes.PatientName, 'Müller^Zoë');
  assert.deepEqual(utf8.notes.filter((x) => x.includes('character set')), []);
});

test('Latin-1 declared over bytes that form UTF-8: read as declared, with a note naming the values', async () => {
  const s = await load({ SpecificCharacterSet: 'ISO_IR 100', PatientName: latin1(Buffer.from('Müller^Jürgen')), StudyDescription: latin1(Buffer.from('Thorax Übersicht')), PatientID: 'P-1' });
  assert.equal(s.attributes.PatientName, 'MÃ¼ller^JÃ¼rgen', 'the declaration is followed, as DCMTK does');
  assert.ok(
    s.notes.includes("the file declares Latin-1 (ISO_IR 100) but its PatientName, StudyDescription read as UTF-8: shown as Latin-1 as declared, so a name may show 'Ã¼' where 'ü' was meant"),
    s.notes.join(' | '),
  );
  const utf8Note = (notes: string[]) => notes.filter((x) => x.includes('read as UTF-8'));
  // Genuine Latin-1 (ü is 0xFC, followed by ASCII), plain ASCII, and undeclared UTF-8 (read as UTF-8): nothing to say.
  assert.deepEqual(utf8Note((await load({ SpecificCharacterSet: 'ISO_IR 100', PatientName: 'Müller^Jürgen' })).notes), []);
  assert.deepEqual(utf8Note((await load({ SpecificCharacterSet: 'ISO_IR 100', PatientName: 'Smith^John' })).notes), []);
  assert.deepEqual(utf8Note((await load({ PatientName: latin1(Buffer.from('Müller')) })).notes), []);
  // A Latin-1 value that only starts like UTF-8 (Ã then ASCII) is not UTF-8.
  assert.deepEqual(utf8Note((await load({ SpecificCharacterSet: 'ISO_IR 100', PatientName: 'CONCEIÃO^Ana' })).notes), []);
});
