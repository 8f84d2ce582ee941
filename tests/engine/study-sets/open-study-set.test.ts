// Study sets from a mixed folder, several files, and a DICOMDIR: grouped into studies and series by
// their UIDs (plain JPEGs each their own study), ordered by date, series and instance number, read
// from headers only; files that are not images are listed with the reason.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { after, before, test } from 'node:test';
import type { StudySet } from '../../../src-main/api/contract';
import { groupStudySet, studySetImages } from '../../../src-main/engine/study-sets/group-study-set';
import { openStudySet } from '../../../src-main/engine/study-sets/open-study-set';
import { readDicomdir } from '../../../src-main/engine/study-sets/read-dicomdir';
import { readImageHeader } from '../../../src-main/engine/study-sets/read-image-header';
import { findImageFiles } from '../../../src-main/engine/studies/find-images';
import { loadStudy } from '../../../src-main/engine/studies/load-study';
import { writeDicom } from '../../fixtures/write-dicom';
import { DICOM_DIR, skipUnless } from '../studies/shared-data';
import { writeChestJpeg, writeStudyImage } from './study-set-files';
import { writeDicomdir } from './write-dicomdir';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-sets-'));
});
after(() => rm(dir, { recursive: true, force: true }));

/** The set as short strings: "study[date] > series#n > file(view)". */
function shape(set: StudySet, root: string): string[][] {
  return set.studies.map((st) => [
    `${st.studyUid.startsWith('file:') ? 'own' : st.studyUid} ${st.date}`,
    ...st.series.map((se) => `#${se.seriesNumber ?? '-'} ${se.images.map((i) => `${relative(root, i.file)}${i.viewPosition ? `(${i.viewPosition})` : ''}`).join(' ')}`),
  ]);
}

const A = '1.2.826.0.1.3680043.9.7.1';
const B = '1.2.826.0.1.3680043.9.7.2';

test('a mixed folder: two studies x two series + JPEGs, ordered by date, series and instance; non-images reported', async () => {
  const folder = join(dir, 'mixed');
  await mkdir(join(folder, 'sub'), { recursive: true });
  // Study A (2024): frontal series #1 with instances written in reverse name order, lateral series #2.
  await writeStudyImage(join(folder, 'a_z.dcm'), { study: A, series: `${A}.1`, seriesNumber: 1, instance: 1, view: 'PA', date: '20240105' });
  await writeStudyImage(join(folder, 'a_a.dcm'), { study: A, series: `${A}.1`, seriesNumber: 1, instance: 2, view: 'PA', date: '20240105' });
  await writeStudyImage(join(folder, 'sub', 'a_lat.dcm'), { study: A, series: `${A}.2`, seriesNumber: 2, instance: 1, view: 'LL', date: '20240105' });
  // Study B (2023): series numbered 3 and 1, in a subfolder and extensionless.
  await writeStudyImage(join(folder, 'sub', 'B3'), { study: B, series: `${B}.3`, seriesNumber: 3, view: 'AP', date: '20230101' });
  await writeStudyImage(join(folder, 'b1.dcm'), { study: B, series: `${B}.1`, seriesNumber: 1, view: 'AP', date: '20230101' });
  await writeChestJpeg(folder, 'y.jpg');
  await writeChestJpeg(folder, 'x.jpeg');
  await writeFile(join(folder, 'broken.dcm'), 'this is not DICOM');
  await writeDicom(join(folder, 'report.dcm'), { rows: 0, columns: 0, pixels: null, sopClassUid: '1.2.840.10008.5.1.4.1.1.88.11', attributes: { StudyInstanceUID: A } });
  await writeFile(join(folder, 'notes.txt'), 'skipped: not an image name');

  const set = await openStudySet([folder]);
  assert.deepEqual(shape(set, folder), [
    [`${B} 20230101`, '#1 b1.dcm(AP)', '#3 sub/B3(AP)'],
    [`${A} 20240105`, '#1 a_z.dcm(PA) a_a.dcm(PA)', '#2 sub/a_lat.dcm(LL)'],
    ['own ', '#- x.jpeg'],
    ['own ', '#- y.jpg'],
  ]);
  assert.equal(set.images, 7);
  assert.deepEqual(set.errors.map((e) => basename(e.file)), ['broken.dcm']);
  assert.match(set.errors[0].error, /not a DICOM, JPEG or PNG/);
  assert.deepEqual(set.errors.map((e) => e.code), ['NOT_AN_IMAGE'], 'each error says its kind, for the viewer to word it');
  // An SR holds no image: a harmless non-image, skipped with its kind, like the notes.
  assert.deepEqual(
    set.skipped,
    [
      { file: join(folder, 'notes.txt'), reason: 'a text file' },
      { file: join(folder, 'report.dcm'), reason: 'a Structured Report (SR) document, not an image' },
    ],
    'a non-image is listed as skipped, never dropped',
  );
  const lateral = studySetImages(set).filter((i) => i.lateral).map((i) => basename(i.file));
  assert.deepEqual(lateral, ['a_lat.dcm']);
  assert.equal(set.studies[2].description, 'x.jpeg', 'a plain image is described by its name');
  assert.deepEqual(studySetImages(set).map((i) => i.instanceNumber), [1, 1, 1, 2, 1, null, null]);
});

test('several files at once: only those files, grouped the same way; a missing one is an error', async () => {
  const folder = join(dir, 'mixed');
  const set = await openStudySet([join(folder, 'a_a.dcm'), join(folder, 'sub', 'a_lat.dcm'), join(folder, 'y.jpg'), join(folder, 'gone.dcm')]);
  assert.deepEqual(shape(set, folder), [
    [`${A} 20240105`, '#1 a_a.dcm(PA)', '#2 sub/a_lat.dcm(LL)'],
    ['own ', '#- y.jpg'],
  ]);
  assert.deepEqual(set.errors.map((e) => [basename(e.file), /does not exist/.test(e.error)]), [['gone.dcm', true]]);
});

test('headers only: a file whose pixel data is cut off still groups; a header past 64 KiB is read in full', async () => {
  const folder = join(dir, 'headers');
  await mkdir(folder);
  const whole = await writeStudyImage(join(folder, 'whole.dcm'), { study: A, series: `${A}.9`, instance: 1, view: 'PA' }, { rows: 512, columns: 512 });
  const bytes = await readFile(whole);
  await writeFile(join(folder, 'cut.dcm'), bytes.subarray(0, bytes.length - 200_000));
  // A 40000-entry VOI LUT puts the pixel data ~80 KB into the file.
  const lut = { firstValueMapped: 0, bitsPerEntry: 16, data: Array.from({ length: 40_000 }, (_, i) => i % 4096) };
  await writeStudyImage(join(folder, 'big-header.dcm'), { study: A, series: `${A}.9`, instance: 2, view: 'AP' }, { voiLut: lut });
  const set = await openStudySet([folder]);
  assert.deepEqual(set.errors, []);
  assert.deepEqual(shape(set, folder), [[`${A} 20240101`, '#1 cut.dcm(PA) whole.dcm(PA) big-header.dcm(AP)']]);
  await assert.rejects(loadStudy(join(folder, 'cut.dcm')), 'decoding the cut file fails: the set did not decode it');
});

test('a DICOMDIR: records followed by their offsets (listed level by level), names matched case-insensitively, deleted records skipped', async () => {
  const media = join(dir, 'cd');
  await mkdir(join(media, 'images', 's1'), { recursive: true });
  const S = '1.2.826.0.1.3680043.9.8';
  // On disk in lower case, as some systems mount CDs; the DICOMDIR names them in upper case.
  await writeStudyImage(join(media, 'images', 's1', 'im1'), { study: `${S}.1`, series: `${S}.1.1`, seriesNumber: 1, instance: 1, view: 'PA' });
  await writeStudyImage(join(media, 'images', 's1', 'im2'), { study: `${S}.1`, series: `${S}.1.2`, seriesNumber: 2, instance: 1, view: 'LATERAL' });
  await writeStudyImage(join(media, 'images', 'im3'), { study: `${S}.2`, series: `${S}.2.1`, seriesNumber: 1, instance: 1, view: 'AP', date: '20250101' });
  await writeStudyImage(join(media, 'images', 'old'), { study: `${S}.2`, series: `${S}.2.1`, seriesNumber: 1, instance: 9, view: 'AP', date: '20250101' });
  await writeChestJpeg(media, 'stray.jpg'); // not in the index: not part of the set
  await writeDicomdir(
    join(media, 'DICOMDIR'),
    [
      {
        patientId: 'P1',
        studies: [
          {
            studyUid: `${S}.1`,
            series: [
              { seriesUid: `${S}.1.1`, seriesNumber: 1, images: [{ fileId: ['IMAGES', 'S1', 'IM1'], instanceNumber: 1 }] },
              { seriesUid: `${S}.1.2`, seriesNumber: 2, images: [{ fileId: ['IMAGES', 'S1', 'IM2'], instanceNumber: 1 }] },
            ],
          },
        ],
      },
      {
        patientId: 'P2',
        studies: [
          {
            studyUid: `${S}.2`,
            date: '20250101',
            series: [
              {
                seriesUid: `${S}.2.1`,
                images: [
                  { fileId: ['IMAGES', 'IM3'], instanceNumber: 1 },
                  { fileId: ['IMAGES', 'OLD'], instanceNumber: 9, inactive: true },
                  { fileId: ['IMAGES', 'IM4'], instanceNumber: 4 },
                ],
              },
            ],
          },
        ],
      },
    ],
    'by-level',
  );
  const index = await readDicomdir(join(media, 'DICOMDIR'));
  assert.deepEqual(
    index.images.map((i) => [relative(media, i.file), i.attributes.PatientID, i.attributes.StudyInstanceUID, i.attributes.SeriesInstanceUID, i.attributes.InstanceNumber]),
    [
      ['images/s1/im1', 'P1', `${S}.1`, `${S}.1.1`, '1'],
      ['images/s1/im2', 'P1', `${S}.1`, `${S}.1.2`, '1'],
      ['images/im3', 'P2', `${S}.2`, `${S}.2.1`, '1'],
    ],
  );
  assert.deepEqual(index.missing, [join(media, 'IMAGES', 'IM4')]);

  const expected = [
    [`${S}.1 20240101`, '#1 images/s1/im1(PA)', '#2 images/s1/im2(LATERAL)'],
    [`${S}.2 20250101`, '#1 images/im3(AP)'],
  ];
  for (const target of [media, join(media, 'DICOMDIR')]) {
    const set = await openStudySet([target]);
    assert.deepEqual(shape(set, media), expected, target);
    assert.deepEqual(set.errors.map((e) => [relative(media, e.file), e.error]), [['IMAGES/IM4', 'listed in the DICOMDIR but missing on disk']]);
  }
  assert.equal((await readImageHeader(join(media, 'DICOMDIR'))).kind, 'dicomdir');
});

test('grouping keeps a DICOM without UIDs as its own study and puts dated studies first', () => {
  const set = groupStudySet([
    { file: '/x/noid.dcm', format: 'dicom', attributes: { InstanceNumber: '3' } },
    { file: '/x/b.dcm', format: 'dicom', attributes: { StudyInstanceUID: '9', SeriesInstanceUID: '9.1', StudyDate: '20200101', InstanceNumber: '10' } },
    { file: '/x/a.dcm', format: 'dicom', attributes: { StudyInstanceUID: '9', SeriesInstanceUID: '9.1', StudyDate: '20200101', InstanceNumber: '9' } },
  ]);
  assert.deepEqual(
    set.studies.map((s) => [s.studyUid, s.series.map((se) => se.images.map((i) => i.file))]),
    [
      ['9', [['/x/a.dcm', '/x/b.dcm']]],
      ['file:/x/noid.dcm', [['/x/noid.dcm']]],
    ],
  );
});

test('real DICOMs: the header-only read gives the same attributes as a full decode, and the grouping follows their UIDs', { skip: skipUnless(DICOM_DIR) }, async () => {
  const files = await findImageFiles(DICOM_DIR, true);
  const set = await openStudySet([DICOM_DIR]);
  assert.deepEqual(set.errors, []);
  assert.equal(set.images, files.length);
  const uids = new Map<string, Set<string>>();
  for (const file of files) {
    const header = await readImageHeader(file);
    assert.equal(header.kind, 'image');
    const full = (await loadStudy(file)).attributes;
    if (header.kind === 'image') assert.deepEqual(header.header.attributes, full, file);
    const study = full.StudyInstanceUID ?? `file:${file}`;
    if (!uids.has(study)) uids.set(study, new Set());
    uids.get(study)?.add(full.SeriesInstanceUID ?? `file:${file}`);
  }
  assert.deepEqual(new Set(set.studies.map((s) => s.studyUid)), new Set(uids.keys()));
  for (const s of set.studies) assert.deepEqual(new Set(s.series.map((x) => x.seriesUid)), uids.get(s.studyUid));
});
