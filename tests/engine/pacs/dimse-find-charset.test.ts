// A C-FIND for a name beyond ASCII finds it (review 28 F3): the query declares its character set
// (ISO_IR 192, as dcmjs writes UTF-8), so the PACS does not read "Müller" in its own default set
// and match nothing. A real Orthanc holding a Latin-1 (ISO_IR 100) and a Cyrillic (ISO_IR 144)
// patient; an ASCII query still finds by ASCII as before.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openPacsClient } from '../../../src-main/engine/pacs/open-pacs-client';
import { parsePacsNode } from '../../../src-main/engine/pacs/pacs-node';
import { chestPhantom, dicomBytes } from '../../fixtures/write-dicom';
import { orthancMissing, startOrthanc, type Orthanc } from './support/orthanc';
import { uploadToPacs } from './support/pacs-files';

const skip = orthancMissing();
const LATIN = '1.2.826.0.1.3680043.2.1125.130.1';
const CYRILLIC = '1.2.826.0.1.3680043.2.1125.130.2';
let pacs: Orthanc;

/** Cyrillic text as ISO 8859-5 bytes (А-я are 0xB0-0xEF there), held in a string one char per byte, as the fixture writes it. */
function iso8859_5(text: string): string {
  return [...text].map((c) => (c >= 'А' && c <= 'я' ? String.fromCharCode(c.charCodeAt(0) - 0x410 + 0xb0) : c)).join('');
}

function study(uid: string, charset: string, name: string): Buffer {
  return dicomBytes({
    rows: 16,
    columns: 16,
    pixels: chestPhantom(16, 16, 10, 1000),
    attributes: { SpecificCharacterSet: charset, PatientName: name, PatientID: `P-${uid.slice(-1)}`, StudyInstanceUID: uid, SeriesInstanceUID: `${uid}.1`, SOPInstanceUID: `${uid}.1.1`, Modality: 'CR' },
  });
}

before(async () => {
  if (skip) return;
  pacs = await startOrthanc();
  await uploadToPacs(pacs, study(LATIN, 'ISO_IR 100', 'Müller^Jürgen'));
  await uploadToPacs(pacs, study(CYRILLIC, 'ISO_IR 144', iso8859_5('Иванова^Анна')));
});
after(async () => {
  if (!skip) await pacs?.stop();
});

test('a C-FIND by an accented name finds the study (Latin-1 on the PACS)', { skip }, async () => {
  const found = await openPacsClient(parsePacsNode(pacs.dimse)).findStudies({ patientName: 'Müller*' });
  assert.deepEqual(
    found.map((s) => s.studyInstanceUid),
    [LATIN],
  );
});

test('a C-FIND by a Cyrillic name finds the study (ISO 8859-5 on the PACS)', { skip }, async () => {
  const found = await openPacsClient(parsePacsNode(pacs.dimse)).findStudies({ patientName: 'Иванова*' });
  assert.deepEqual(
    found.map((s) => s.studyInstanceUid),
    [CYRILLIC],
  );
});

test('an ASCII query is unchanged: it finds by ASCII', { skip }, async () => {
  const found = await openPacsClient(parsePacsNode(pacs.dimse)).findStudies({ patientId: 'P-1' });
  assert.deepEqual(
    found.map((s) => s.studyInstanceUid),
    [LATIN],
  );
});
