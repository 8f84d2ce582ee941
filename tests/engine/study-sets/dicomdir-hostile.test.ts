// Hostile DICOMDIRs (review 18, M2 and M5): File IDs that lead out of the index's folder, records
// chained tens of thousands of levels deep or in a loop, and an index too large to read.
import assert from 'node:assert/strict';
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { test } from 'node:test';
import { AlveoError } from '../../../src-main/api/errors';
import { openStudySet } from '../../../src-main/engine/study-sets/open-study-set';
import { readDicomdir } from '../../../src-main/engine/study-sets/read-dicomdir';
import { MAX_FILE_BYTES } from '../../../src-main/engine/studies/load-study';
import { tempDir } from '../../support/temp-dir';
import { writeStudyImage } from './study-set-files';
import { dicomItem, writeDicomdir } from './write-dicomdir';

const S = '1.2.826.0.1.3680043.9.18';

test('a DICOMDIR whose File IDs lead out of its folder: those records are refused with an error naming the DICOMDIR, never opened', async () => {
  const root = await tempDir('alveo-dicomdir-out-');
  const media = join(root, 'stick', 'cd');
  await mkdir(join(media, 'IMAGES'), { recursive: true });
  await mkdir(join(root, 'outside'), { recursive: true });
  const secret = await writeStudyImage(join(root, 'outside', 'OTHERPAT.DCM'), { study: `${S}.9`, series: `${S}.9.1` });
  await writeStudyImage(join(media, 'IMAGES', 'IM1'), { study: `${S}.1`, series: `${S}.1.1` });
  await writeStudyImage(join(media, 'IMAGES', 'IM2'), { study: `${S}.1`, series: `${S}.1.1`, instance: 2 });
  const dicomdir = await writeDicomdir(join(media, 'DICOMDIR'), [
    {
      patientId: 'P1',
      studies: [
        {
          studyUid: `${S}.1`,
          series: [
            {
              seriesUid: `${S}.1.1`,
              images: [
                { fileId: ['IMAGES', 'IM1'], instanceNumber: 1 },
                { fileId: ['..', '..', 'outside', 'OTHERPAT.DCM'], instanceNumber: 2 },
                { fileId: ['IMAGES', '..', '..', '..', 'outside', 'OTHERPAT.DCM'], instanceNumber: 3 },
                // On POSIX a "/" inside one component is a separator too.
                { fileId: ['IMAGES/../../../outside/OTHERPAT.DCM'], instanceNumber: 4 },
                { fileId: ['.', 'IMAGES', 'IM2'], instanceNumber: 5 },
                { fileId: ['IMAGES', '', 'IM2'], instanceNumber: 6 },
              ],
            },
          ],
        },
      ],
    },
  ]);
  const index = await readDicomdir(dicomdir);
  assert.deepEqual(index.images.map((i) => i.file), [join(media, 'IMAGES', 'IM1')]);
  assert.deepEqual(index.missing, []);
  assert.deepEqual(
    index.errors.map((e) => [e.file, e.error, e.code]),
    [
      [dicomdir, 'the DICOMDIR points outside its folder (..\\..\\outside\\OTHERPAT.DCM)', 'CORRUPT'],
      [dicomdir, 'the DICOMDIR points outside its folder (IMAGES\\..\\..\\..\\outside\\OTHERPAT.DCM)', 'CORRUPT'],
      [dicomdir, 'the DICOMDIR points outside its folder (IMAGES/../../../outside/OTHERPAT.DCM)', 'CORRUPT'],
      [dicomdir, 'the DICOMDIR points outside its folder (.\\IMAGES\\IM2)', 'CORRUPT'],
      [dicomdir, 'the DICOMDIR points outside its folder (IMAGES\\\\IM2)', 'CORRUPT'],
    ],
  );
  // The set opened from the media never holds the file outside it.
  const set = await openStudySet([media]);
  const files = set.studies.flatMap((st) => st.series.flatMap((se) => se.images.map((i) => i.file)));
  assert.deepEqual(files, [join(media, 'IMAGES', 'IM1')]);
  assert.ok(!JSON.stringify(set).includes(secret), 'the outside file is not named in the set');
  // ...and the refused records are said, naming the DICOMDIR.
  assert.deepEqual(set.errors.map((e) => [e.file, e.code]), index.errors.map(() => [dicomdir, 'CORRUPT']));
  assert.equal(set.errors.length, 5);
});

type Rec = { type: string; fileId?: string; patientId?: string; lower?: number; next?: number };

/** Explicit VR little endian element (short form; UL/US/CS/LO here). */
function el(group: number, element: number, vr: string, value: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt16LE(group, 0);
  head.writeUInt16LE(element, 2);
  head.write(vr, 4, 'latin1');
  head.writeUInt16LE(value.length, 6);
  return Buffer.concat([head, value]);
}
const str = (s: string) => Buffer.from(s.length % 2 ? `${s} ` : s, 'latin1');
const ul = (v: number) => Buffer.from(Uint32Array.of(v).buffer);
const us = (v: number) => Buffer.from(Uint16Array.of(v).buffer);

/** A DICOMDIR whose records link by index (`lower`, `next`): any shape, deep chains and loops included. */
function dicomdirOf(recs: Rec[]): Buffer {
  const body = (r: Rec, next: number, lower: number) =>
    Buffer.concat([
      el(0x0004, 0x1400, 'UL', ul(next)),
      el(0x0004, 0x1410, 'US', us(0xffff)),
      el(0x0004, 0x1420, 'UL', ul(lower)),
      el(0x0004, 0x1430, 'CS', str(r.type)),
      ...(r.fileId ? [el(0x0004, 0x1500, 'CS', str(r.fileId))] : []),
      ...(r.patientId ? [el(0x0010, 0x0020, 'LO', str(r.patientId))] : []),
    ]);
  const metaBody = Buffer.concat([
    Buffer.concat([Buffer.from([2, 0, 1, 0]), Buffer.from('OB'), Buffer.alloc(2), ul(2), Buffer.from([0, 1])]),
    el(0x0002, 0x0002, 'UI', str('1.2.840.10008.1.3.10')),
    el(0x0002, 0x0003, 'UI', str('1.2.826.0.1.3680043.9.18.99')),
    el(0x0002, 0x0010, 'UI', str('1.2.840.10008.1.2.1')),
  ]);
  const meta = Buffer.concat([el(0x0002, 0x0000, 'UL', ul(metaBody.length)), metaBody]);
  const head = (first: number) =>
    Buffer.concat([el(0x0004, 0x1130, 'CS', str('HOSTILE')), el(0x0004, 0x1200, 'UL', ul(first)), el(0x0004, 0x1202, 'UL', ul(0)), el(0x0004, 0x1212, 'US', us(0))]);
  const offsets: number[] = [];
  let position = 132 + meta.length + head(0).length + 12;
  for (const r of recs) {
    offsets.push(position);
    position += 8 + body(r, 0, 0).length; // sizes do not depend on the offsets held
  }
  const at = (i: number | undefined) => (i === undefined ? 0 : offsets[i]);
  const items = recs.map((r) => dicomItem(body(r, at(r.next), at(r.lower))));
  const seq = Buffer.concat(items);
  const seqHead = Buffer.concat([Buffer.from([4, 0, 0x20, 0x12]), Buffer.from('SQ'), Buffer.alloc(2), ul(seq.length)]);
  return Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), meta, head(offsets[0]), seqHead, seq]);
}

test('a DICOMDIR whose records chain 60,000 levels deep is read without running out of stack, identifiers inherited', async () => {
  const media = await tempDir('alveo-dicomdir-deep-');
  await writeStudyImage(join(media, 'IMG1'), { study: `${S}.2`, series: `${S}.2.1` });
  const N = 60_000;
  const recs: Rec[] = [{ type: 'PATIENT', patientId: 'DEEP', lower: 1 }];
  for (let i = 1; i < N - 1; i++) recs.push({ type: 'STUDY', lower: i + 1 });
  recs.push({ type: 'IMAGE', fileId: 'IMG1' });
  await writeFile(join(media, 'DICOMDIR'), dicomdirOf(recs));
  const index = await readDicomdir(join(media, 'DICOMDIR'));
  assert.deepEqual(index.images.map((i) => [i.file, i.attributes.PatientID]), [[join(media, 'IMG1'), 'DEEP']]);
  assert.deepEqual(index.errors, []);
  const set = await openStudySet([media]);
  assert.deepEqual(set.errors, []);
  assert.deepEqual(set.studies.flatMap((st) => st.series.flatMap((se) => se.images.map((i) => i.file))), [join(media, 'IMG1')]);
});

test('a DICOMDIR whose offsets loop (a record its own next, an image pointing back up) ends, listing each image once', async () => {
  const media = await tempDir('alveo-dicomdir-loop-');
  await writeStudyImage(join(media, 'IMG1'), { study: `${S}.3`, series: `${S}.3.1` });
  await writeStudyImage(join(media, 'IMG2'), { study: `${S}.3`, series: `${S}.3.1`, instance: 2 });
  const recs: Rec[] = [
    { type: 'PATIENT', patientId: 'LOOP', lower: 1, next: 0 },
    { type: 'IMAGE', fileId: 'IMG1', next: 2 },
    { type: 'IMAGE', fileId: 'IMG2', next: 1, lower: 0 },
  ];
  await writeFile(join(media, 'DICOMDIR'), dicomdirOf(recs));
  const index = await readDicomdir(join(media, 'DICOMDIR'));
  assert.deepEqual(index.images.map((i) => [i.file, i.attributes.PatientID]), [
    [join(media, 'IMG1'), 'LOOP'],
    [join(media, 'IMG2'), 'LOOP'],
  ]);
});

test('a DICOMDIR larger than any study file may be is refused by its size, unread, with the study files\' message', async () => {
  const media = await tempDir('alveo-dicomdir-big-');
  const path = join(media, 'DICOMDIR');
  const handle = await open(path, 'w');
  await handle.write(dicomdirOf([{ type: 'IMAGE', fileId: 'IMG1' }]));
  await handle.truncate(MAX_FILE_BYTES + 1); // sparse: no disk used
  await handle.close();
  await assert.rejects(readDicomdir(path), (err: unknown) => {
    assert.ok(err instanceof AlveoError, String(err));
    assert.equal(err.code, 'TOO_LARGE');
    assert.equal(err.file, path);
    assert.equal(err.message, `${path}: the file is too large to open (1024 MB)`);
    return true;
  });
});
