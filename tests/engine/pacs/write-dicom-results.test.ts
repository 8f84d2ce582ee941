// The SR and the Secondary Capture of a prediction, checked by tools that are not Alveo: dciodvfy
// (no IOD errors), dsrdump (the report reads back with the expected codes and values) and dcmdump
// (patient and study copied, new series, 2.25 UIDs). A core test runs on a DICOM the test writes.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import dcmjs from 'dcmjs';
import sharp from 'sharp';
import { AlveoError } from '../../../src-main/api/errors';
import { createEngine, sourceTreeDeps, type Engine } from '../../../src-main/engine/index';
import { percent } from '../../../src-main/engine/pacs/result-facts';
import { SCORE_NOTE } from '../../../src-main/engine/pacs/structured-report';
import { resultFacts, writeDicomResults, type DicomResults } from '../../../src-main/engine/pacs/write-dicom-results';
import { TURBO } from '../../../src-main/engine/inference/turbo-colormap';
import { chestPhantom, writeDicom } from '../../fixtures/write-dicom';
import { DICOM_NATIVE, DICOM_SMALL, REPO_ROOT, skipUnless } from '../inference/support/shared-data';
import { dciodvfyErrors, dcmdumpValue, dicomToolsMissing, dsrdump } from './support/dicom-tools';

const execFileAsync = promisify(execFile);
let dir: string;
let engine: Engine;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-dicom-results-'));
  engine = createEngine(sourceTreeDeps({ userDir: join(dir, 'home') }));
});
after(async () => {
  await engine.dispose();
  await rm(dir, { recursive: true, force: true });
});

async function writeResults(file: string, out: string) {
  const { studyId } = await engine.openStudy(file);
  try {
    const p = await engine.predict(studyId);
    const cam = await engine.gradCam(studyId);
    const facts = await resultFacts(p, await engine.loadModel(), (await engine.runtime()).runtime.engine, '0.0.0-test');
    return { p, facts, results: await writeDicomResults(engine.study(studyId), cam.heat, facts, out) };
  } finally {
    await engine.closeStudy(studyId);
  }
}

/** sha256 of model.json and its weight files in manifest order, computed here from the files. */
async function defaultModelSha(): Promise<string> {
  const modelDir = join(REPO_ROOT, 'models', 'default');
  const json = JSON.parse(await readFile(join(modelDir, 'model.json'), 'utf8')) as { weightsManifest: { paths: string[] }[] };
  const h = createHash('sha256').update(await readFile(join(modelDir, 'model.json')));
  for (const p of json.weightsManifest.flatMap((g) => g.paths)) h.update(await readFile(join(modelDir, p)));
  return h.digest('hex');
}

async function assertValidPair(source: string, r: DicomResults): Promise<void> {
  for (const f of [r.sr.file, r.sc.file]) assert.deepEqual(await dciodvfyErrors(f), [], `dciodvfy errors in ${f}`);
  const uid = /^2\.25\.\d{1,39}$/;
  for (const u of [r.sr.sopInstanceUid, r.sr.seriesInstanceUid, r.sc.sopInstanceUid, r.sc.seriesInstanceUid]) assert.match(u, uid);
  const sourceStudy = await dcmdumpValue(source, '0020,000d');
  const sourceSeries = await dcmdumpValue(source, '0020,000e');
  for (const f of [r.sr.file, r.sc.file]) {
    assert.equal(await dcmdumpValue(f, '0020,000d'), sourceStudy, 'same study as the source');
    assert.notEqual(await dcmdumpValue(f, '0020,000e'), sourceSeries, 'a new series');
  }
  assert.notEqual(r.sr.seriesInstanceUid, r.sc.seriesInstanceUid);
}

test('core: SR and SC of a written DICOM pass dciodvfy; dsrdump reads the finding, model, threshold, warnings and references', { skip: dicomToolsMissing() }, async () => {
  const src = join(dir, 'phantom.dcm');
  await writeDicom(src, {
    rows: 256,
    columns: 256,
    pixels: chestPhantom(256, 256, 100, 3000),
    bitsStored: 12,
    window: { center: 1500, width: 3000 },
    attributes: {
      SpecificCharacterSet: 'ISO_IR 192',
      PatientName: 'Müller^Jürgen',
      PatientID: 'PID-42',
      PatientAge: '045Y',
      PatientSex: 'M',
      StudyDate: '20240102',
      StudyTime: '101500',
      AccessionNumber: 'ACC7',
      StudyInstanceUID: '1.2.826.0.1.3680043.2.1125.7.1',
      SeriesInstanceUID: '1.2.826.0.1.3680043.2.1125.7.2',
      Modality: 'CR',
      ViewPosition: 'PA',
      BodyPartExamined: 'CHEST',
      PatientOrientation: 'L\\F',
    },
  });
  const out = join(dir, 'core-out');
  const { p, results: r } = await writeResults(src, out);
  await assertValidPair(src, r);
  assert.deepEqual((await readdir(out)).sort(), [`SC_${r.sc.sopInstanceUid}.dcm`, `SR_${r.sr.sopInstanceUid}.dcm`].sort(), 'two files, no temporary left');
  // They carry the patient's name and ID: owner-only, like the app's other patient files.
  for (const f of [r.sr.file, r.sc.file]) assert.equal((await stat(f)).mode & 0o777, 0o600, f);
  for (const f of [r.sr.file, r.sc.file]) {
    assert.equal(await dcmdumpValue(f, '0010,0010'), 'Müller^Jürgen');
    assert.equal(await dcmdumpValue(f, '0010,0020'), 'PID-42');
    assert.equal(await dcmdumpValue(f, '0008,0050'), 'ACC7');
    assert.equal(await dcmdumpValue(f, '0008,0020'), '20240102');
  }
  const sr = await dsrdump(r.sr.file);
  assert.match(sr, /Comprehensive SR Document/);
  assert.match(sr, /<contains CODE:\(121071,DCM,"Finding"\)=\(233604007,SCT,"Pneumonia"\)>/);
  assert.ok(sr.includes(`NUM:(ALV-SCORE,99ALVEO,"Model score (not a probability of disease)")="${percent(p.probability)}" (%,UCUM,"percent")`), sr);
  assert.ok(sr.includes(`TEXT:(121106,DCM,"Comment")="${SCORE_NOTE}"`), 'the score is said not to be a probability of disease');
  assert.doesNotMatch(sr, /Certainty/, 'the score is not coded as a certainty of the finding');
  // A 45-year-old: held back on screen, so the coded label is Undetermined and the raw output is only text.
  assert.ok(p.warnings.some((w) => /45 years old/.test(w)), p.warnings.join(' | '));
  assert.ok(sr.includes('CODE:(ALV-LABEL,99ALVEO,"Label at decision threshold")=(373068000,SCT,"Undetermined")'), sr);
  assert.ok(sr.includes(`TEXT:(121106,DCM,"Comment")="Held back: outside the model's intended use (below); the model's own output at the threshold was ${p.label}, which is not a finding."`), sr);
  assert.doesNotMatch(sr, /"Present"\)|"Absent"\)/);
  assert.ok(sr.includes(`NUM:(ALV-THRESHOLD,99ALVEO,"Decision threshold")="${percent(p.threshold)}"`), sr);
  const card = (await engine.loadModel()).card;
  assert.ok(sr.includes(`TEXT:(ALV-THR-RULE,99ALVEO,"How the decision threshold was chosen")="${card.threshold.rule}"`));
  assert.ok(sr.includes(`<has concept mod TEXT:(111001,DCM,"Algorithm Name")="${card.name}">`));
  assert.ok(sr.includes('<has concept mod TEXT:(111003,DCM,"Algorithm Version")="default">'));
  assert.ok(sr.includes(`<has concept mod TEXT:(111002,DCM,"Algorithm Parameters")="weights sha256 ${await defaultModelSha()}">`));
  const served = (await engine.runtime()).runtime.engine;
  assert.match(served, /onnxruntime|tfjs/);
  assert.ok(sr.includes(`<has concept mod TEXT:(111002,DCM,"Algorithm Parameters")="engine ${served}; Alveo 0.0.0-test">`), 'the engine that served the prediction');
  assert.ok(p.warnings.length > 0, 'a 45-year-old is outside the pediatric model: a warning must fire');
  for (const w of p.warnings) assert.ok(sr.includes(`TEXT:(ALV-WARNING,99ALVEO,"Intended-use warning")="${w}"`), `warning ${w}`);
  assert.ok(sr.includes('"Research use only, not for diagnosis.'));
  assert.ok(sr.includes('1.2.826.0.1.3680043.2.1125.1.1'), 'the source SOP instance is referenced');
  assert.ok(sr.includes(r.sc.sopInstanceUid), 'the Grad-CAM capture is referenced');
  // The private coding scheme is declared.
  assert.match(await readFile(r.sr.file, 'latin1'), /99ALVEO[\s\S]*Alveo private codes/);

  // The capture: RGB, larger than the source (banner + colour bar), a burned-in banner, Turbo bar.
  assert.equal(await dcmdumpValue(r.sc.file, '0028,0004'), 'RGB');
  assert.equal(await dcmdumpValue(r.sc.file, '0028,0301'), 'YES');
  assert.equal(await dcmdumpValue(r.sc.file, '0008,2112'), '', 'SourceImageSequence is a sequence');
  // JPEG-LS lossless, a fraction of the raw RGB bytes; DCMTK's own decoder (not Alveo's) reads it back.
  assert.equal(await dcmdumpValue(r.sc.file, '0002,0010'), '1.2.840.10008.1.2.4.80');
  assert.equal(await dcmdumpValue(r.sc.file, '0028,2110'), '00', 'lossless: the source was not lossy');
  const decoded = join(dir, 'sc-decoded.dcm');
  await execFileAsync('dcmdjpls', [r.sc.file, decoded]);
  const buf = await readFile(decoded);
  const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)).dict);
  const rows = ds.Rows as number;
  const cols = ds.Columns as number;
  assert.ok(rows > 256 && cols > 256, `${cols}x${rows}`);
  const px = new Uint8Array((ds.PixelData as ArrayBuffer[])[0]);
  assert.ok((await stat(r.sc.file)).size < (rows * cols * 3) / 2, `compressed: ${(await stat(r.sc.file)).size} bytes for ${rows * cols * 3} raw`);
  const top = rows - 256;
  let white = 0;
  for (let y = 0; y < top; y++) for (let x = 0; x < cols; x++) if (px[3 * (y * cols + x)] > 200) white++;
  assert.ok(white > 200, `burned-in text in the banner (${white} white pixels)`);
  const barColumn = (y: number) => px.slice(3 * (y * cols + cols - Math.round((cols - 256) / 2)), 3 * (y * cols + cols - Math.round((cols - 256) / 2)) + 3);
  const near = (a: Uint8Array, c: number) => Math.abs(a[0] - TURBO[3 * c]) + Math.abs(a[1] - TURBO[3 * c + 1]) + Math.abs(a[2] - TURBO[3 * c + 2]) < 40;
  const colours = Array.from({ length: rows }, (_, y) => barColumn(y));
  assert.ok(colours.some((c) => near(c, 255)) && colours.some((c) => near(c, 0)), 'the colour bar runs from Turbo(1) to Turbo(0)');
  // Rows and columns keep the source's directions: the PACS can put R/L markers on the capture.
  assert.equal(await dcmdumpValue(r.sc.file, '0020,0020'), 'L\\F');
  assert.match(String(ds.DerivationDescription), /at the file's default window/, 'the window the capture was drawn at is said');
  const sopClass = await dcmdumpValue(r.sc.file, '0008,0016');
  assert.equal(sopClass, '1.2.840.10008.5.1.4.1.1.7');
});

test('core: a JPEG or PNG source is refused (no patient or study to attach a result to)', async () => {
  const png = join(dir, 'plain.png');
  await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 90, g: 90, b: 90 } } }).png().toFile(png);
  const out = join(dir, 'png-out');
  await assert.rejects(writeResults(png, out), (err: unknown) => err instanceof AlveoError && err.code === 'UNSUPPORTED' && /DICOM source/.test(err.message));
  await assert.rejects(readdir(out), /ENOENT/, 'nothing written');
});

const REAL = [
  join(DICOM_NATIVE, 'gdcm-CR-MONO1-10-chest_explicitLE.dcm'),
  join(DICOM_NATIVE, 'CR-MONO1-10-chest_nometa_implicitLE.dcm'),
  join(DICOM_NATIVE, 'siim_nih_cr_chest_jpeg_baseline_8bit.dcm'),
  join(DICOM_SMALL, 'dx12_mono1_512_jpeg_lossless_sv1.dcm'),
  join(DICOM_SMALL, 'dx16_mono2_512_rle.dcm'),
];

test('real DICOMs: every SR and SC passes dciodvfy, in the source study, and reads back', { skip: dicomToolsMissing() || skipUnless(DICOM_SMALL) }, async () => {
  const out = join(dir, 'real-out');
  for (const src of REAL) {
    const { p, results: r } = await writeResults(src, out);
    await assertValidPair(src, r);
    const sr = await dsrdump(r.sr.file);
    assert.ok(sr.includes(`"Model score (not a probability of disease)")="${percent(p.probability)}"`), src);
    assert.ok(sr.includes(await dcmdumpValue(src, '0008,0018')), `${src}: source SOP instance referenced`);
    if (src.includes('jpeg_baseline')) assert.equal(await dcmdumpValue(r.sc.file, '0028,2110'), '01', 'derived from a lossy image: lossy');
    if (src.includes('dx12')) assert.ok(r.notes.some((n) => /AccessionNumber/.test(n)), 'the over-long accession number is named, not copied');
  }
  assert.equal((await readdir(out)).length, REAL.length * 2);
});
