// What a result (the SR and the Secondary Capture) carries over from its source DICOM, read back
// with dcmjs (not Alveo's reader): every Patient and General/Patient Study attribute the source
// has, as written there (PS3.3 C.7.1.1, C.7.2.1, C.7.2.2: IssuerOfPatientID and OtherPatientIDs
// keep a PatientID from being filed under another issuer's patient), and the source's lossy
// history (LossyImageCompression "01" is carried by anything derived from it, PS3.3 C.7.6.1.1.5).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import dcmjs from 'dcmjs';
import { createEngine, sourceTreeDeps, type Engine } from '../../../src-main/engine/index';
import { resultFacts, writeDicomResults, type DicomResults } from '../../../src-main/engine/pacs/write-dicom-results';
import { chestPhantom, writeDicom } from '../../fixtures/write-dicom';
import { tempDir } from '../../support/temp-dir';

let dir: string;
let engine: Engine;
before(async () => {
  dir = await tempDir('alveo-source-attributes-');
  engine = createEngine(sourceTreeDeps({ userDir: join(dir, 'home') }));
});
after(async () => {
  await engine?.dispose();
});

/** Patient and study attributes of the source, by keyword: [tag, VR, value as written]. */
const PATIENT_STUDY: Record<string, [tag: number, vr: string, value: string]> = {
  PatientName: [0x00100010, 'PN', 'Doe^Jane'],
  PatientID: [0x00100020, 'LO', 'PID-7'],
  IssuerOfPatientID: [0x00100021, 'LO', 'HOSP-A'],
  PatientBirthDate: [0x00100030, 'DA', '20200305'],
  PatientSex: [0x00100040, 'CS', 'F'],
  OtherPatientIDs: [0x00101000, 'LO', 'X-1\\X-2'],
  PatientAge: [0x00101010, 'AS', '004Y'],
  PatientSize: [0x00101020, 'DS', '1.02'],
  PatientWeight: [0x00101030, 'DS', '16.5'],
  StudyDate: [0x00080020, 'DA', '20240506'],
  StudyTime: [0x00080030, 'TM', '101500'],
  ReferringPhysicianName: [0x00080090, 'PN', 'Ref^Doc'],
  StudyID: [0x00200010, 'SH', 'S-9'],
  AccessionNumber: [0x00080050, 'SH', 'ACC-77'],
  StudyDescription: [0x00081030, 'LO', 'Chest PA'],
};
const STUDY_UID = '1.2.826.0.1.3680043.2.1125.36.1';

/** Writes a source (explicit VR little endian) with every attribute above plus `more`, and its results. */
async function resultsOf(name: string, more: [number, string, string][] = []): Promise<DicomResults> {
  const src = await writeDicom(join(dir, `${name}.dcm`), {
    rows: 256,
    columns: 256,
    pixels: chestPhantom(256, 256, 100, 3000),
    bitsStored: 12,
    window: { center: 1500, width: 3000 },
    attributes: { StudyInstanceUID: STUDY_UID, SeriesInstanceUID: `${STUDY_UID}.1`, Modality: 'CR', ViewPosition: 'PA', BodyPartExamined: 'CHEST' },
    elements: [...Object.values(PATIENT_STUDY), ...more],
  });
  const { studyId } = await engine.openStudy(src);
  try {
    const p = await engine.predict(studyId);
    const cam = await engine.gradCam(studyId);
    const facts = await resultFacts(p, await engine.loadModel(), (await engine.runtime()).runtime.engine, '0.0.0-test');
    return await writeDicomResults(engine.study(studyId), cam.heat, facts, join(dir, `${name}-out`));
  } finally {
    await engine.closeStudy(studyId);
  }
}

/** A written file's top-level values by keyword, as DICOM text (several values joined by a backslash). */
async function valuesOf(file: string): Promise<Map<string, string>> {
  const buf = await readFile(file);
  const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)).dict);
  // dcmjs gives a person name as { Alphabetic }, a DS as a number, several values as a list.
  const one = (v: unknown) => (v !== null && typeof v === 'object' ? String((v as { Alphabetic?: unknown }).Alphabetic ?? '') : String(v));
  return new Map(Object.entries(ds).map(([keyword, v]) => [keyword, Array.isArray(v) ? v.map(one).join('\\') : one(v)]));
}

test('the SR and the capture carry every patient and study attribute of the source as written, issuer and other IDs included', async () => {
  const r = await resultsOf('identity');
  for (const file of [r.sr.file, r.sc.file]) {
    const got = await valuesOf(file);
    for (const [keyword, [, , value]] of Object.entries(PATIENT_STUDY)) {
      assert.equal(got.get(keyword), value, `${keyword} in ${file}`);
    }
    assert.equal(got.get('StudyInstanceUID'), STUDY_UID, `the source's study, in ${file}`);
  }
  assert.deepEqual(r.notes, [], 'nothing was left out');
});

test('a source once compressed lossily (LossyImageCompression 01, stored natively now) makes a capture that says so', async () => {
  const lossy = await resultsOf('lossy', [
    [0x00282110, 'CS', '01'],
    [0x00282112, 'DS', '12.5'],
    [0x00282114, 'CS', 'ISO_10918_1'],
  ]);
  const sc = await valuesOf(lossy.sc.file);
  assert.equal(sc.get('LossyImageCompression'), '01');
  // Its lossy history travels with it (PS3.3 C.7.6.1.1.5).
  assert.equal(sc.get('LossyImageCompressionRatio'), '12.5');
  assert.equal(sc.get('LossyImageCompressionMethod'), 'ISO_10918_1');
  // The same source never compressed: its capture is not marked lossy.
  const clean = await resultsOf('clean', [[0x00282110, 'CS', '00']]);
  assert.equal((await valuesOf(clean.sc.file)).get('LossyImageCompression'), '00');
  assert.equal((await valuesOf(clean.sc.file)).get('LossyImageCompressionRatio'), undefined);
});
