// Alveo's own results (the SR and the Grad-CAM Secondary Capture that write-dicom-results writes)
// are never read as patient images: a folder holding them beside the patient's image lists them as
// skipped with the reason (folder listing, score job, study set, also when given file by file as a
// PACS open does), any SR is skipped rather than an error row, a stale cached score of a capture is
// not reused, and asking for a result of a result is refused, naming the file.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import type { EngineEvent } from '../../../src-main/api/events';
import { AlveoError } from '../../../src-main/api/errors';
import { createEngine, sourceTreeDeps, type Engine } from '../../../src-main/engine/index';
import { ResultCache, sha256Bytes } from '../../../src-main/engine/inference/result-cache';
import { scoreFiles } from '../../../src-main/engine/inference/score-folder';
import { resultFacts, writeDicomResults, type DicomResults } from '../../../src-main/engine/pacs/write-dicom-results';
import { findStudyFiles } from '../../../src-main/engine/studies/find-images';
import { loadStudy } from '../../../src-main/engine/studies/load-study';
import { openStudySet } from '../../../src-main/engine/study-sets/open-study-set';
import { IMPLEMENTATION_CLASS_UID } from '../../../src-main/engine/pacs/dicom-file';
import { chestPhantom, writeDicom } from '../../fixtures/write-dicom';

const run = promisify(execFile);
const dcmconvMissing = existsSync('/usr/bin/dcmconv') ? false : 'dcmconv not installed (apt-get install dcmtk)';

const STUDY = '1.2.826.0.1.3680043.2.1125.91.1';
// Named as what they are (an earlier AI result, the report or the capture, and when), not "not an image".
let SR_REASON = '';
let SC_REASON = '';
// A score cached for a capture keeps its attributes, not its date.
const SC_REASON_UNDATED = 'an earlier Alveo AI result (Grad-CAM capture), not a patient image';
const OTHER_SR_REASON = 'a Structured Report (SR) document, not an image';

let dir: string;
let folder: string;
let source: string;
let otherSr: string;
let results: DicomResults;
let engine: Engine;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-own-results-'));
  engine = createEngine(sourceTreeDeps({ userDir: join(dir, 'home') }));
  folder = join(dir, 'study');
  await mkdir(folder, { recursive: true });
  source = await writeDicom(join(folder, `${STUDY}.1.1.dcm`), {
    rows: 256,
    columns: 256,
    pixels: chestPhantom(256, 256, 100, 3000),
    bitsStored: 12,
    attributes: { PatientID: 'OWN-1', PatientAge: '004Y', StudyInstanceUID: STUDY, SeriesInstanceUID: `${STUDY}.1`, SOPInstanceUID: `${STUDY}.1.1`, Modality: 'CR', ViewPosition: 'PA' },
  });
  // A third-party SR (a radiologist's report) in the same study: no pixels.
  otherSr = await writeDicom(join(folder, 'report.dcm'), { rows: 0, columns: 0, pixels: null, sopClassUid: '1.2.840.10008.5.1.4.1.1.88.11', attributes: { StudyInstanceUID: STUDY } });
  // The real SR + capture of a prediction, written into the study's own folder (as an old default did).
  const { studyId } = await engine.openStudy(source);
  try {
    const p = await engine.predict(studyId);
    const cam = await engine.gradCam(studyId);
    const facts = await resultFacts(p, await engine.loadModel(), (await engine.runtime()).runtime.engine, '0.0.0-test');
    results = await writeDicomResults(engine.study(studyId), cam.heat, facts, join(folder, 'alveo-dicom'));
    // ContentDate (DA) of what was just written, read back from the capture, as 2026-12-01.
    const da = (await loadStudy(results.sc.file)).tags.find((t) => t.keyword === 'ContentDate')?.value ?? '';
    assert.match(da, /^\d{8}$/);
    const date = `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6, 8)}`;
    SR_REASON = `an earlier Alveo AI result (structured report, ${date}), not a patient image`;
    SC_REASON = `an earlier Alveo AI result (Grad-CAM capture, ${date}), not a patient image`;
  } finally {
    await engine.closeStudy(studyId);
  }
});
after(async () => {
  await engine.dispose();
  await rm(dir, { recursive: true, force: true });
});

const named = (list: { file: string; reason: string }[]) => list.map((s) => [basename(s.file), s.reason]).sort();
const expectedSkipped = () =>
  [
    [basename(results.sc.file), SC_REASON],
    [basename(results.sr.file), SR_REASON],
    ['report.dcm', OTHER_SR_REASON],
  ].sort();

test('folder listing: the SR and the capture are skipped as Alveo results, any SR as not an image', async () => {
  const { files, skipped } = await findStudyFiles(folder, true);
  assert.deepEqual(files, [source]);
  assert.deepEqual(named(skipped), expectedSkipped());
});

test('score job: one row (the patient image), the rest skipped with the reason; no "unreadable" SR row', async () => {
  const events: EngineEvent[] = [];
  let jobId = '';
  engine.subscribe((e) => e.jobId === jobId && events.push(e));
  ({ jobId } = await engine.startScore({ folder, recursive: true }));
  await engine.waitForJob(jobId);
  const rows = events.flatMap((e) => (e.type === 'job:row' ? [e.row] : []));
  const end = events.at(-1);
  const result = end?.type === 'job:end' && end.kind === 'score' ? end.result : undefined;
  assert.deepEqual(rows.map((r) => [basename(r.file), r.error]), [[basename(source), null]]);
  assert.equal(result?.failed, 0);
  assert.deepEqual(named(result?.skipped ?? []), expectedSkipped());
});

test('study set: from the folder, and from the files one by one (a PACS open), only the patient image is shown', async () => {
  for (const paths of [[folder], [source, results.sr.file, results.sc.file, otherSr]]) {
    const set = await openStudySet(paths);
    assert.equal(set.images, 1, JSON.stringify(paths));
    assert.deepEqual(set.errors, []);
    assert.deepEqual(named(set.skipped), expectedSkipped());
  }
});

test('a capture re-encoded by another implementation (dcmdjpls: decompressed, implicit VR, DCMTK meta header) is still recognised', { skip: dcmconvMissing }, async () => {
  const moved = join(dir, 'elsewhere');
  await mkdir(moved, { recursive: true });
  const rewritten = join(moved, '2.25.1.dcm');
  // The capture is JPEG-LS: DCMTK decompresses it and writes it implicit VR with its own meta header.
  await run('dcmdjpls', ['+ti', results.sc.file, rewritten]);
  const meta = (await readFile(rewritten)).subarray(0, 400).toString('latin1');
  assert.ok(!meta.includes(IMPLEMENTATION_CLASS_UID), 'the meta header is DCMTK\'s now, not Alveo\'s');
  const { files, skipped } = await findStudyFiles(moved, false);
  assert.deepEqual(files, []);
  assert.deepEqual(named(skipped), [['2.25.1.dcm', SC_REASON]]);
});

test('a score cached for a capture before this fix is not reused: the capture gets no probability', async () => {
  const loaded = await engine.loadModel();
  const { runtime } = await engine.runtime();
  const cache = await ResultCache.open(join(dir, 'home'), loaded.entry);
  const capture = await loadStudy(results.sc.file);
  cache.set(sha256Bytes(await readFile(results.sc.file)), { probability: 0.9, label: 'PNEUMONIA', threshold: 0.5, warnings: [], attributes: capture.attributes });
  const copy = join(dir, 'capture-copy.dcm');
  await copyFile(results.sc.file, copy);
  const { rows } = await scoreFiles([results.sc.file, copy], { runtime, card: loaded.card, cache });
  assert.deepEqual(
    rows.map((r) => [r.probability, r.error]),
    [
      [null, `${SC_REASON_UNDATED}: Alveo makes no result from its own output`],
      [null, `${SC_REASON_UNDATED}: Alveo makes no result from its own output`],
    ],
  );
});

test('a result of a result is refused, naming the file; the worklist save lists it as failed with why', async () => {
  const { studyId } = await engine.openStudy(results.sc.file);
  try {
    await assert.rejects(
      engine.saveResultAsDicom(studyId, join(dir, 'result-of-result')),
      (err: unknown) => err instanceof AlveoError && err.code === 'NOT_AN_IMAGE' && err.file === results.sc.file && err.message.includes(SC_REASON),
    );
    // Nor does it read a probability off its own capture (alveo predict, the viewer's reading).
    await assert.rejects(engine.predict(studyId), (err: unknown) => err instanceof AlveoError && err.code === 'NOT_AN_IMAGE' && err.message.includes(SC_REASON));
  } finally {
    await engine.closeStudy(studyId);
  }
  const outDir = join(dir, 'worklist-save');
  let jobId = '';
  let end: EngineEvent | undefined;
  engine.subscribe((e) => {
    if (e.type === 'job:end' && e.jobId === jobId) end = e;
  });
  ({ jobId } = await engine.startDicomResults({ files: [source, results.sc.file], outDir }));
  await engine.waitForJob(jobId);
  const result = end?.type === 'job:end' && end.kind === 'dicom-results' ? end.result : undefined;
  assert.equal(result?.written, 1);
  assert.deepEqual(result?.failed, [{ file: results.sc.file, error: `${SC_REASON}: Alveo makes no result from its own output` }]);
});
