// A C-FIND match's text is decoded from the response's bytes (review 41 F3), in implicit or explicit
// VR, with its Specific Character Set; bytes that belong to another match, or that cannot be read,
// leave dcmjs's reading as it was rather than pair a name with the wrong study.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findResponseText } from '../../../src-main/engine/pacs/find-response-text';
import { dicomBytes } from '../../fixtures/write-dicom';

const ESC = '\x1b';
const jis = (codes: string) => `${ESC}$B${codes}${ESC}(B`;
const STUDY = '1.2.826.0.1.3680043.2.1125.142.1';
const IMPLICIT = '1.2.840.10008.1.2';
const EXPLICIT = '1.2.840.10008.1.2.1';

/** A C-FIND identifier as a PACS sends it: PS3.5 H.3.1's name, whose ま is the JIS code 0x245E (a '^' byte). */
function identifier(encoding: 'explicit' | 'implicit-nometa', study = STUDY): Buffer {
  const bytes = dicomBytes({
    rows: 1,
    columns: 1,
    pixels: null,
    encoding,
    attributes: {
      SpecificCharacterSet: '\\ISO 2022 IR 87',
      PatientName: `Yamada^Tarou=${jis(';3ED')}^${jis('B@O:')}=${jis('$d$^$@')}^${jis('$?$m$&')}`,
      PatientID: 'P1',
      StudyDescription: `${jis('6;It')} X-P ${jis('@5LL')}`,
      StudyInstanceUID: study,
      // A study-level match names no instance (the fixture would give it one).
      SOPInstanceUID: '',
    },
  });
  // The explicit fixture carries a Part-10 header: a C-FIND response is the bare data set.
  return encoding === 'explicit' ? bytes.subarray(bytes.indexOf(Buffer.from([0x08, 0x00, 0x05, 0x00]))) : bytes;
}

/** What dcmjs made of it: escape sequences kept, the name split at the wrong '^'. */
const dcmjsReading = () => ({
  SpecificCharacterSet: 'ISO_IR 192',
  PatientName: [{ Alphabetic: 'Yamada^Tarou', Ideographic: `${ESC}$B;3ED${ESC}(B^${ESC}$BB@O:${ESC}(B` }],
  PatientID: 'P1',
  StudyDescription: `${ESC}$B6;It${ESC}(B X-P`,
  StudyInstanceUID: STUDY,
  ModalitiesInStudy: ['CR', 'DX'],
});

for (const [encoding, transferSyntaxUid] of [
  ['implicit-nometa', IMPLICIT],
  ['explicit', EXPLICIT],
] as const) {
  test(`decoded from the bytes (${transferSyntaxUid})`, () => {
    const e = findResponseText(dcmjsReading(), { bytes: identifier(encoding), transferSyntaxUid });
    assert.equal(e.PatientName, 'Yamada^Tarou=山田^太郎=やまだ^たろう');
    assert.equal(e.StudyDescription, '胸部 X-P 正面');
    assert.equal(e.PatientID, 'P1');
    assert.deepEqual(e.ModalitiesInStudy, ['CR', 'DX'], 'attributes without text are left as dcmjs read them');
  });
}

test("another match's bytes, unreadable bytes or none leave dcmjs's reading", () => {
  const other = findResponseText(dcmjsReading(), { bytes: identifier('implicit-nometa', `${STUDY}.9`), transferSyntaxUid: IMPLICIT });
  assert.deepEqual(other, dcmjsReading());
  assert.deepEqual(findResponseText(dcmjsReading(), { bytes: Buffer.from([0x08, 0x00, 0x05, 0x00, 0xff, 0xff, 0xff, 0x7f, 1, 2]), transferSyntaxUid: IMPLICIT }), dcmjsReading());
  assert.deepEqual(findResponseText(dcmjsReading(), undefined), dcmjsReading());
});
