// A folder of real files (from ../shared/data) renamed and damaged the ways archives and PACS
// exports do it: DICOM named by SOP Instance UID with no extension, with and without the Part-10
// preamble; JPEGs and PNGs under wrong or no extensions; truncated, zeroed and empty files; plus
// harmless non-images. Every file must be accounted for: a scored row, an error row saying why,
// or listed as skipped (DICOMDIR, text).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import sharp from 'sharp';
import { scoreFolder } from '../../../src-main/engine/inference/score-folder';
import { getTf } from '../../../src-main/engine/model/tf-backend';
import { findStudyFiles } from '../../../src-main/engine/studies/find-images';
import { blobModel } from '../inference/support/blob-model';
import { DICOM_NATIVE, DICOM_SMALL, KERMANY_VAL, skipUnless } from '../inference/support/shared-data';
import { writeDicomdir } from '../study-sets/write-dicomdir';
import { tfjsRunner } from '../inference/support/tfjs-runtime';

const skip = skipUnless(DICOM_SMALL) || skipUnless(KERMANY_VAL);
const dir = await mkdtemp(join(tmpdir(), 'alveo-content-'));
after(() => rm(dir, { recursive: true, force: true }));

/** name -> what must become of it. */
const expected = new Map<string, 'scored' | 'error' | 'skipped'>();

async function makeFolder(): Promise<string> {
  const folder = join(dir, 'export');
  await mkdir(join(folder, 'series1'), { recursive: true });
  const dicoms = (await readdir(DICOM_SMALL)).filter((f) => f.endsWith('.dcm')).sort().slice(0, 12);
  const jpegs = (await readdir(join(KERMANY_VAL, 'NORMAL'))).sort().slice(0, 6).map((f) => join(KERMANY_VAL, 'NORMAL', f));
  const put = async (name: string, data: Buffer | string, fate: 'scored' | 'error' | 'skipped') => {
    await writeFile(join(folder, name), data);
    expected.set(name, fate);
  };
  for (const [i, name] of dicoms.entries()) {
    const bytes = await readFile(join(DICOM_SMALL, name));
    const uid = `1.2.826.0.1.3680043.8.498.${1000 + i}`;
    if (i % 4 === 0) await put(`series1/${uid}`, bytes, 'scored'); // SOP Instance UID, no extension
    else if (i % 4 === 1) await put(uid, bytes.subarray(128), 'scored'); // preamble cut: starts with DICM
    else if (i % 4 === 2) await put(`${uid}.dat`, bytes.subarray(132), 'scored'); // meta header, no preamble, no DICM
    else await put(`${uid}.dcm`, bytes.subarray(0, Math.floor(bytes.length / 3)), 'error'); // truncated
  }
  // An ACR-NEMA style file (no preamble, no meta header at all) under a bare number.
  if (!skipUnless(DICOM_NATIVE)) await put('00000042', await readFile(join(DICOM_NATIVE, 'CR-MONO1-10-chest_nometa_implicitLE.dcm')), 'scored');
  await put('photo.txt', await readFile(jpegs[0]), 'scored'); // a JPEG under a text extension
  await put('IMG_0002', await readFile(jpegs[1]), 'scored'); // no extension
  await put('scan.jpg', await sharp(jpegs[2]).png().toBuffer(), 'scored'); // a PNG named .jpg
  await put('cut.jpeg', (await readFile(jpegs[3])).subarray(0, 300), 'error'); // truncated JPEG
  const zeroed = Buffer.from(await readFile(jpegs[4]));
  zeroed.fill(0, 0, 64);
  await put('zeroed.jpeg', zeroed, 'error'); // header wiped
  await put('anim.gif', await sharp(jpegs[5]).gif().toBuffer(), 'error'); // an image format Alveo does not read
  await put('empty.dcm', Buffer.alloc(0), 'error');
  await put('1.2.3.4.5', Buffer.alloc(0), 'error'); // empty, named like a UID
  await put('noise', randomBytes(5000), 'error'); // unrecognised binary
  await put('notes.txt', 'Patient list checked 2024-03-01\n', 'skipped');
  await put('README', 'Exported by PACS 3.1\r\nDo not edit.\r\n'.repeat(20), 'skipped');
  await put('results.csv', 'file,probability\n=HYPERLINK("x"),0.5\n', 'skipped');
  await put('Thumbs.db', randomBytes(300), 'skipped');
  await writeDicomdir(join(folder, 'DICOMDIR'), [
    { patientId: 'P1', studies: [{ studyUid: '1.2.3', series: [{ seriesUid: '1.2.3.4', images: [{ fileId: ['SERIES1', 'X'] }] }] }] },
  ]);
  expected.set('DICOMDIR', 'skipped');
  await writeFile(join(folder, '.DS_Store'), randomBytes(100)); // hidden: not scored, listed as skipped
  expected.set('.DS_Store', 'skipped');
  return folder;
}

test('every file of a damaged and renamed export is scored, an error with a reason, or skipped', { skip }, async () => {
  const folder = await makeFolder();
  const tf = await getTf('wasm');
  const result = await scoreFolder(folder, true, tfjsRunner(tf, blobModel(tf)));
  const fate = new Map<string, string>();
  for (const row of result.rows) {
    const name = row.file.slice(folder.length + 1);
    assert.equal(fate.has(name), false, `${name} appears once`);
    fate.set(name, row.error === null ? 'scored' : 'error');
    if (row.error !== null) assert.ok(row.error.length > 5, `${name} says why it failed: '${row.error}'`);
    else assert.ok(row.probability !== null && row.probability >= 0 && row.probability <= 1, `${name} has a probability`);
  }
  for (const s of result.skipped ?? []) {
    const name = s.file.slice(folder.length + 1);
    assert.equal(fate.has(name), false, `${name} appears once`);
    fate.set(name, 'skipped');
  }
  assert.deepEqual(Object.fromEntries([...fate].sort()), Object.fromEntries([...expected].sort()));
  const reasons = Object.fromEntries((result.skipped ?? []).map((s) => [s.file.slice(folder.length + 1), s.reason]));
  assert.match(reasons.DICOMDIR, /DICOMDIR/);
  assert.match(reasons['notes.txt'], /text/);
  const errorOf = (n: string) => result.rows.find((r) => r.file.endsWith(`/${n}`))?.error ?? '';
  assert.match(errorOf('empty.dcm'), /empty/);
  assert.match(errorOf('anim.gif'), /GIF/);
  assert.match(errorOf('noise'), /not a DICOM, JPEG or PNG/);
  assert.equal(result.total, result.rows.length);
});

test('findStudyFiles alone: the same split, with nothing left out', { skip }, async () => {
  const folder = join(dir, 'export');
  const { files, skipped } = await findStudyFiles(folder, true);
  assert.equal(files.length + skipped.length, expected.size);
  assert.equal(skipped.length, [...expected.values()].filter((v) => v === 'skipped').length);
});
