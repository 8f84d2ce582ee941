// alveo predict --dicom-out names the source values its results leave empty (review 28 F5), as
// docs/pacs.md promises: a birth date that is not a date (a hash, as de-identification leaves it)
// and a name in a character set the file does not declare. One "note:" line each under "DICOM:",
// and dicomNotes in --json; never the values themselves.
import assert from 'node:assert/strict';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { chestPhantom, writeDicom } from '../../fixtures/write-dicom';
import { tempDir } from '../../support/temp-dir';
import { runCli } from '../support/run-cli';

const HASH = 'd14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f';
// "Иванова" in Windows-1251, undeclared: Latin-1 would read "Èâàíîâà".
const NAME_1251 = String.fromCharCode(0xc8, 0xe2, 0xe0, 0xed, 0xee, 0xe2, 0xe0) + '^Anna';
const NOTES = [
  'PatientName in the source is in a character set the file does not declare: left empty, not guessed',
  'PatientBirthDate in the source is not a valid DA value: left empty',
];
let dir: string;
let env: Record<string, string>;
let dcm: string;
before(async () => {
  dir = await tempDir('alveo-cli-dicom-notes-');
  env = { ALVEO_HOME: join(dir, 'home') };
  dcm = await writeDicom(join(dir, 'study.dcm'), {
    rows: 128,
    columns: 128,
    pixels: chestPhantom(128, 128, 100, 3000),
    bitsStored: 12,
    attributes: { PatientID: 'CLI-N', PatientName: NAME_1251, PatientBirthDate: HASH, StudyInstanceUID: '1.2.826.0.1.3680043.2.1125.132.1', SeriesInstanceUID: '1.2.826.0.1.3680043.2.1125.132.2', Modality: 'DX' },
  });
});

test('predict --dicom-out: a note line under DICOM: for each source value left empty, and none quotes it', async () => {
  const r = await runCli(['predict', dcm, '--dicom-out', join(dir, 'text')], env);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  const at = lines.findIndex((l) => l.startsWith('  DICOM: '));
  assert.ok(at > 0, r.stdout);
  assert.deepEqual(lines.slice(at + 1), NOTES.map((n) => `  note: ${n}`));
  assert.ok(!r.stdout.includes(HASH) && !r.stdout.includes('Èâàíîâà'), 'no value is printed');
});

test('predict --dicom-out --json: dicomNotes beside dicom', async () => {
  const r = await runCli(['predict', dcm, '--json', '--dicom-out', join(dir, 'json')], env);
  assert.equal(r.code, 0, r.stderr);
  const o = JSON.parse(r.stdout.trim()) as { dicom?: unknown; dicomNotes?: unknown };
  assert.ok(o.dicom, r.stdout);
  assert.deepEqual(o.dicomNotes, NOTES);
});

test('score --dicom-out names them too, one stderr line per note with its file (review 28 F5)', async () => {
  const folder = join(dir, 'folder');
  await mkdir(folder);
  await copyFile(dcm, join(folder, 'study.dcm'));
  const r = await runCli(['score', folder, '--csv', join(dir, 'scores.csv'), '--dicom-out', join(dir, 'score-out')], env);
  assert.equal(r.code, 0, r.stderr);
  for (const n of NOTES) assert.ok(r.stderr.includes(`${join(folder, 'study.dcm')}: DICOM result note: ${n}\n`), r.stderr);
  assert.ok(!r.stderr.includes('d14a028c'), 'the value itself is never said');
});
