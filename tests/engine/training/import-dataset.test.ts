// Dataset import on layouts the test builds: class folders (any case, JPEG/PNG/DICOM, junk files,
// duplicates), a Kermany root (train/val/test), and an RSNA root (labels CSV + DICOMs).
import assert from 'node:assert/strict';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { importDataset } from '../../../src-main/engine/training/import-dataset';
import { writeChestDicom, writeImage } from './support/draw-images';
import { tempDir } from '../../support/temp-dir';

test('class folders: labels from folder names in any case, skipped files with reasons, duplicates', async () => {
  const root = await tempDir('alveo-ds-');
  await writeImage(join(root, 'normal', 'IM-0001-0001.jpeg'), 'jpeg', 32, 1, false);
  await writeImage(join(root, 'normal', 'IM-0001-0002.png'), 'png', 32, 2, false);
  await writeImage(join(root, 'normal', 'sub', 'other.png'), 'png', 32, 3, false);
  await writeImage(join(root, 'Pneumonia', 'person5_virus_9.jpeg'), 'jpeg', 32, 4, true);
  await writeImage(join(root, 'Pneumonia', 'person5_bacteria_10.jpeg'), 'jpeg', 32, 5, true);
  await writeChestDicom(join(root, 'Pneumonia', 'a.dcm'), { PatientID: 'P-77' }, 1);
  await writeChestDicom(join(root, 'Pneumonia', 'b'), { PatientID: 'P-77' }, 2); // extensionless DICOM
  // Same bytes twice in one class (one copy dropped), and once in both classes (all copies dropped).
  await copyFile(join(root, 'Pneumonia', 'person5_virus_9.jpeg'), join(root, 'Pneumonia', 'copy.jpeg'));
  await writeImage(join(root, 'normal', 'twin.png'), 'png', 32, 9, true);
  await copyFile(join(root, 'normal', 'twin.png'), join(root, 'Pneumonia', 'twin.png'));
  // Junk.
  await writeFile(join(root, 'normal', 'notes.txt'), 'not an image');
  await writeFile(join(root, 'normal', 'empty.jpeg'), '');
  await writeFile(join(root, 'normal', '.DS_Store'), 'x');
  await writeFile(join(root, 'Pneumonia', 'anim.gif'), Buffer.from('GIF89a........'));
  await writeImage(join(root, 'unlabelled', 'x.png'), 'png', 16, 1, false);
  await writeFile(join(root, 'README.md'), '# data');

  const { summary, items } = await importDataset(root);
  assert.equal(summary.layout, 'class-folders');
  // NORMAL: IM-0001-0001, IM-0001-0002, sub/other (twin.png dropped: conflicting);
  // PNEUMONIA: 2 person5 + a.dcm + b (copy.jpeg dropped as duplicate, twin.png conflicting).
  assert.deepEqual(summary.images, { NORMAL: 3, PNEUMONIA: 4 });
  // NORMAL patients: IM-0001, file:other; PNEUMONIA: person5, dicom P-77.
  assert.deepEqual(summary.patients, { NORMAL: 2, PNEUMONIA: 2 });
  assert.deepEqual(summary.patientSources, { 'kermany-name': 4, file: 1, dicom: 2 });
  // The kept copy of a duplicate pair is the one whose name names the patient.
  assert.equal(items.find((it) => it.file.endsWith('copy.jpeg'))?.excluded, 'duplicate');
  assert.equal(summary.duplicates.groups, 2);
  assert.equal(summary.duplicates.removed, 3);
  assert.equal(summary.duplicates.conflicting, 1);
  const reasons = Object.fromEntries(summary.skipped.files.map((s) => [s.file.slice(root.length + 1), s.reason]));
  assert.deepEqual(reasons, {
    'Pneumonia/anim.gif': 'unsupported format (a GIF image)',
    'README.md': 'not inside a NORMAL or PNEUMONIA folder',
    'normal/.DS_Store': 'hidden or system file',
    'normal/empty.jpeg': 'the file is empty',
    'normal/notes.txt': 'not an image (not DICOM, JPEG or PNG)',
    'unlabelled/x.png': "folder 'unlabelled' is not a class (NORMAL or PNEUMONIA)",
  });
  assert.equal(summary.skipped.total, 6);
  assert.equal(summary.imbalance.majority, 'PNEUMONIA');
  assert.ok(Math.abs(summary.imbalance.ratio! - 4 / 3) < 1e-9);
  // Items keep every readable image; the dropped copies are marked, not removed.
  assert.equal(items.length, 10);
  assert.equal(items.filter((it) => it.excluded === 'duplicate').length, 1);
  assert.equal(items.filter((it) => it.excluded === 'conflicting-duplicate').length, 2);
  assert.ok(summary.notes.some((n) => /byte-identical/.test(n)));
  // No patient identifier in the summary.
  assert.ok(!JSON.stringify(summary).includes('P-77'));
});

test('Kermany layout: train/val/test folders, official split kept per image', async () => {
  const root = await tempDir('alveo-kermany-');
  const top = join(root, 'chest_xray'); // found one level down, as unzipped
  await mkdir(join(root, '__MACOSX'));
  for (const [split, n] of [['train', 4], ['val', 1], ['test', 2]] as const) {
    for (let i = 0; i < n; i++) {
      await writeImage(join(top, split, 'NORMAL', `IM-${split.length}${i}00-0001.jpeg`), 'jpeg', 24, i * 7 + split.length, false);
      await writeImage(join(top, split, 'PNEUMONIA', `person${split.length}${i}_bacteria_${i}.jpeg`), 'jpeg', 24, i * 11 + split.length, true);
    }
  }
  const { summary, items } = await importDataset(root);
  assert.equal(summary.layout, 'kermany');
  assert.equal(summary.root, top);
  assert.ok(summary.notes.some((n) => n.includes("subfolder 'chest_xray'")));
  assert.deepEqual(summary.officialSplits, {
    train: { NORMAL: 4, PNEUMONIA: 4 },
    val: { NORMAL: 1, PNEUMONIA: 1 },
    test: { NORMAL: 2, PNEUMONIA: 2 },
  });
  assert.equal(items.filter((it) => it.officialSplit === 'test').length, 4);
});

test('RSNA layout: labels CSV (any Target 1 is positive) + DICOMs named by patientId', async () => {
  const root = await tempDir('alveo-rsna-');
  const csv = [
    'patientId,x,y,width,height,Target',
    'aaa,,,,,0',
    'bbb,10,20,30,40,1',
    'bbb,50,60,30,40,1',
    'ccc,,,,,0',
    'ddd,1,2,3,4,1', // no file
    '',
  ].join('\n');
  await writeFile(join(root, 'stage_2_train_labels.csv'), csv);
  await writeFile(join(root, 'stage_2_detailed_class_info.csv'), 'patientId,class\naaa,Normal\n');
  for (const [id, seed] of [['aaa', 1], ['bbb', 2], ['ccc', 3], ['zzz', 4]] as const) {
    await writeChestDicom(join(root, 'stage_2_train_images', `${id}.dcm`), { PatientID: id }, seed);
  }
  await writeImage(join(root, 'stage_2_train_images', 'bbb.png'), 'png', 16, 1, true);
  const { summary, items } = await importDataset(root);
  assert.equal(summary.layout, 'rsna');
  assert.deepEqual(summary.images, { NORMAL: 2, PNEUMONIA: 1 });
  assert.deepEqual(summary.patients, { NORMAL: 2, PNEUMONIA: 1 });
  assert.deepEqual(summary.patientSources, { rsna: 3 });
  assert.equal(items.find((it) => it.file.endsWith('bbb.dcm'))?.label, 1);
  const reasons = summary.skipped.files.map((s) => `${s.file.slice(root.length + 1)}: ${s.reason}`).sort();
  assert.deepEqual(reasons, [
    'stage_2_train_images/bbb.png: not a DICOM file (the RSNA layout labels DICOMs by patientId)',
    'stage_2_train_images/zzz.dcm: no row in the labels CSV',
  ]);
  assert.ok(summary.notes.some((n) => n.startsWith('1 patients in the labels CSV have no DICOM file')));
});

test('a folder without labelled images is refused with the reason', async () => {
  const root = await tempDir('alveo-none-');
  await writeImage(join(root, 'images', 'a.png'), 'png', 16, 1, false);
  await assert.rejects(importDataset(root), /no labelled images found: expected NORMAL\/ and PNEUMONIA\/ folders/);
  await assert.rejects(importDataset(join(root, 'missing')), /cannot read the folder/);
});
