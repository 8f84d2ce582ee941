// alveo score FOLDER --dicom-out DIR: an SR + Secondary Capture pair per scored DICOM, valid per
// dciodvfy and in its own study; the PNG in the folder is scored and counted as skipped.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { chestPhantom, writeDicom } from '../../fixtures/write-dicom';
import { dciodvfyErrors, dcmdumpValue, dicomToolsMissing } from '../../engine/pacs/support/dicom-tools';
import { runCli } from '../support/run-cli';
import { auditLines } from '../../support/audit-lines';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-score-dicom-'));
});
after(() => rm(dir, { recursive: true, force: true }));

test('score --dicom-out: two DICOMs -> two SR + SC pairs in their studies; the PNG is skipped and said so', { skip: dicomToolsMissing() }, async () => {
  const folder = join(dir, 'studies');
  await mkdir(folder);
  for (const i of [1, 2]) {
    await writeDicom(join(folder, `s${i}.dcm`), {
      rows: 96,
      columns: 96,
      pixels: chestPhantom(96, 96, 100, 3000),
      bitsStored: 12,
      attributes: { StudyInstanceUID: `1.2.826.0.1.3680043.2.1125.77.${i}`, SeriesInstanceUID: `1.2.826.0.1.3680043.2.1125.77.${i}.1`, PatientID: `P${i}`, Modality: 'CR' },
    });
  }
  await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 70, g: 70, b: 70 } } }).png().toFile(join(folder, 'x.png'));
  const out = join(dir, 'dicom');
  const r = await runCli(['score', folder, '--csv', join(dir, 'scores.csv'), '--dicom-out', out], { ALVEO_HOME: join(dir, 'home') });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /DICOM: 2 SR \+ Secondary Capture pair\(s\) -> .*; 1 JPEG\/PNG skipped \(no study to attach to\), 0 failed/);
  const files = (await readdir(out)).sort();
  assert.equal(files.filter((f) => f.startsWith('SR_')).length, 2);
  assert.equal(files.filter((f) => f.startsWith('SC_')).length, 2);
  const studies = new Set<string>();
  for (const f of files) {
    assert.deepEqual(await dciodvfyErrors(join(out, f)), [], f);
    studies.add(await dcmdumpValue(join(out, f), '0020,000d'));
  }
  assert.deepEqual([...studies].sort(), ['1.2.826.0.1.3680043.2.1125.77.1', '1.2.826.0.1.3680043.2.1125.77.2']);
  // The run, its CSV and its DICOM results are in the audit trail.
  const trail = await auditLines(join(dir, 'home'));
  assert.deepEqual(trail.filter((l) => l.action === 'scoreDicomOut').map((l) => [l.outDir, l.written, l.skipped, l.failed, l.outcome]), [[out, 2, 1, 0, 'done']]);
  assert.deepEqual(trail.map((l) => l.action).filter((a) => ['startScore', 'score-end', 'scoreCsv', 'scoreDicomOut'].includes(a)), ['startScore', 'score-end', 'scoreCsv', 'scoreDicomOut']);
});
