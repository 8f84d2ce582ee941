// DIMSE transfers leave the object as it is (review 28 F2, F4): a file with private elements and a
// value longer than its VR allows comes back from C-GET and C-MOVE, and reaches the PACS by
// C-STORE, with the same data set bytes (md5 after the meta header), as WADO-RS and STOW-RS already
// did. A study stored Deflated is retrieved over both, kept deflated. A real Orthanc on loopback;
// files put on it and read from it through its REST API, which stores and serves them byte for byte.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import { openPacsClient } from '../../../src-main/engine/pacs/open-pacs-client';
import { parsePacsNode } from '../../../src-main/engine/pacs/pacs-node';
import { retrieveStudy } from '../../../src-main/engine/pacs/retrieve-study';
import { chestPhantom, dicomBytes, type DicomSpec } from '../../fixtures/write-dicom';
import { tempDir } from '../../support/temp-dir';
import { DICOM_NATIVE, skipUnless } from '../inference/support/shared-data';
import { freePort, orthancMissing, startOrthanc, type Orthanc } from './support/orthanc';
import { dataSetOf, fileOnPacs, md5, plainDataSetOf, transferSyntaxOf, uploadToPacs } from './support/pacs-files';

const skip = orthancMissing();
const STUDY = '1.2.826.0.1.3680043.2.1125.128.1';
const SENT_STUDY = '1.2.826.0.1.3680043.2.1125.128.2';
const DEFLATED_STUDY = '1.2.826.0.1.3680043.2.1125.128.3';
const DEFLATED = '1.2.840.10008.1.2.1.99';
/** A hash where a date belongs, as in a de-identified file: 56 characters in a DA (18 at most). */
const LONG_DATE = 'd14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f';
const CANON = join(DICOM_NATIVE, '966_fixed_dx_chest_j2k_lossless.dcm');
let pacs: Orthanc;
let movePort: number;
let dir: string;

/** A CR with a vendor's private group (creator, text, a number, bytes) and an over-long birth date. */
function vendorCr(study: string, n: number): DicomSpec {
  return {
    rows: 64,
    columns: 64,
    pixels: chestPhantom(64, 64, 40 * n, 3000),
    bitsStored: 12,
    attributes: { PatientID: 'KEEP-1', PatientName: 'Keep^Bytes', PatientBirthDate: LONG_DATE, StudyInstanceUID: study, SeriesInstanceUID: `${study}.1`, SOPInstanceUID: `${study}.1.${n}`, Modality: 'CR' },
    elements: [
      [0x00190010, 'LO', 'ACME MEDICAL 1.0'],
      [0x00191001, 'LO', 'processing curve 7'],
      [0x00191002, 'DS', '85.20'],
      [0x00191003, 'OB', Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18])],
    ],
  };
}

/** The file as it would be stored Deflated: the same meta header (naming Deflated), the data set deflated. */
function deflated(spec: DicomSpec): Buffer {
  const bytes = dicomBytes({ ...spec, transferSyntaxUid: DEFLATED });
  const start = 144 + bytes.readUInt32LE(140);
  return Buffer.concat([bytes.subarray(0, start), deflateRawSync(bytes.subarray(start))]);
}

before(async () => {
  if (skip) return;
  dir = await tempDir('alveo-dimse-keeps-');
  movePort = await freePort();
  pacs = await startOrthanc({ moveDestinations: { ALVEOMOVE: movePort } });
  for (const n of [1, 2]) await uploadToPacs(pacs, dicomBytes(vendorCr(STUDY, n)));
  await uploadToPacs(pacs, deflated(vendorCr(DEFLATED_STUDY, 1)));
});
after(async () => {
  if (!skip) await pacs?.stop();
});

async function sameDataSets(folder: string, study: string, count: number): Promise<void> {
  for (let n = 1; n <= count; n++) {
    const sop = `${study}.1.${n}`;
    const copy = await readFile(join(folder, `${sop}.dcm`));
    const original = await fileOnPacs(pacs, sop);
    assert.equal(transferSyntaxOf(copy), transferSyntaxOf(original), `${sop}: in the syntax the PACS stored`);
    assert.equal(md5(dataSetOf(copy)), md5(dataSetOf(original)), `${sop}: the data set is the PACS's, byte for byte`);
  }
}

test('C-GET writes each instance as the data set bytes that arrived: private elements and an over-long value kept', { skip }, async () => {
  const out = join(dir, 'get');
  const r = await retrieveStudy(openPacsClient(parsePacsNode(pacs.dimse)), STUDY, out);
  assert.equal(r.files.length, 2);
  await sameDataSets(out, STUDY, 2);
  // And against the file made here, not only Orthanc's copy of it.
  assert.equal(md5(dataSetOf(await readFile(join(out, `${STUDY}.1.1.dcm`)))), md5(dataSetOf(dicomBytes(vendorCr(STUDY, 1)))));
});

test('C-MOVE writes each instance as the data set bytes that arrived', { skip }, async () => {
  const out = join(dir, 'move');
  const node = parsePacsNode(pacs.dimse, { callingAe: 'ALVEOMOVE', movePort });
  const r = await retrieveStudy(openPacsClient(node), STUDY, out);
  assert.equal(r.files.length, 2);
  await sameDataSets(out, STUDY, 2);
});

test('C-STORE sends the file\'s data set as it is: the PACS stores the same bytes', { skip }, async () => {
  const file = join(dir, 'send.dcm');
  const bytes = dicomBytes(vendorCr(SENT_STUDY, 1));
  await writeFile(file, bytes);
  const [stored] = await openPacsClient(parsePacsNode(pacs.dimse)).store([file]);
  assert.ok(stored.ok, stored.error);
  const onPacs = await fileOnPacs(pacs, `${SENT_STUDY}.1.1`);
  assert.equal(md5(dataSetOf(onPacs)), md5(dataSetOf(bytes)), 'private elements and the long date reached the PACS unchanged');
});

test('a study stored Deflated comes back over C-GET and C-MOVE, as the PACS stored it', { skip }, async () => {
  const source = plainDataSetOf(deflated(vendorCr(DEFLATED_STUDY, 1)));
  for (const [how, node] of [
    ['get', parsePacsNode(pacs.dimse)],
    ['move', parsePacsNode(pacs.dimse, { callingAe: 'ALVEOMOVE', movePort })],
  ] as const) {
    const out = join(dir, `deflated-${how}`);
    const r = await retrieveStudy(openPacsClient(node), DEFLATED_STUDY, out);
    assert.equal(r.files.length, 1, how);
    const copy = await readFile(join(out, `${DEFLATED_STUDY}.1.1.dcm`));
    assert.equal(md5(plainDataSetOf(copy)), md5(source), `${how}: the same data set (${transferSyntaxOf(copy)})`);
  }
});

test('a real vendor file (Canon DX, JPEG 2000, 13 private elements, a hash in its birth date) reaches the PACS whole by C-STORE and comes back whole over C-GET', { skip: skip || skipUnless(CANON) }, async () => {
  const bytes = await readFile(CANON);
  const client = openPacsClient(parsePacsNode(pacs.dimse));
  const [stored] = await client.store([CANON]);
  assert.ok(stored.ok, stored.error);
  assert.equal(md5(dataSetOf(await fileOnPacs(pacs, stored.sopInstanceUid))), md5(dataSetOf(bytes)), 'the PACS holds the vendor\'s data set, byte for byte');
  const [study] = await client.findStudies({ patientId: '2010101610-1' });
  assert.ok(study, 'the study is found');
  const out = join(dir, 'canon');
  await retrieveStudy(client, study.studyInstanceUid, out);
  const copy = await readFile(join(out, `${stored.sopInstanceUid}.dcm`));
  assert.equal(md5(dataSetOf(copy)), md5(dataSetOf(bytes)), 'the C-GET copy is the vendor\'s data set, byte for byte');
});
