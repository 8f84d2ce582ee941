// The reader's own read: recorded against the image's content (a copy elsewhere finds it), kept
// with who, when, whether the model's answer was on screen and the model's answer then; carried
// into the DICOM SR as a person's observation beside the model's (checked by dsrdump and dciodvfy,
// readers that are not Alveo); cleared on request; a damaged file is named, never overwritten.
import assert from 'node:assert/strict';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createEngine, sourceTreeDeps, type Engine } from '../../../src-main/engine/index';
import { osUserName } from '../../../src-main/engine/user-folder/os-user';
import { readsFile } from '../../../src-main/engine/readings/reader-read-store';
import { chestPhantom, writeDicom } from '../../fixtures/write-dicom';
import { tempDir } from '../../support/temp-dir';
import { dciodvfyErrors, dicomToolsMissing, dsrdump } from '../pacs/support/dicom-tools';

let dir: string;
let engine: Engine;
let file: string;
before(async () => {
  dir = await tempDir('alveo-reader-reads-');
  engine = createEngine(sourceTreeDeps({ userDir: join(dir, 'home') }));
  file = await writeDicom(join(dir, 'child.dcm'), {
    rows: 256,
    columns: 256,
    pixels: chestPhantom(256, 256, 70, 3000),
    bitsStored: 12,
    attributes: { PatientID: 'READ-1', PatientName: 'Reader^Test', PatientAge: '003Y', StudyInstanceUID: '1.2.826.0.1.3680043.2.1125.96.1', SeriesInstanceUID: '1.2.826.0.1.3680043.2.1125.96.1.1', SOPInstanceUID: '1.2.826.0.1.3680043.2.1125.96.1.1.1', Modality: 'CR', ViewPosition: 'PA' },
  });
});
after(async () => {
  await engine?.dispose();
});

test("a read is kept by the image's content with who, when, and the model's answer then; a copy finds it; clearing forgets it", async () => {
  const { studyId } = await engine.openStudy(file);
  assert.equal(await engine.getRead(studyId), null, 'no read before one is recorded');
  const p = await engine.predict(studyId);
  const before = Date.now();
  const read = await engine.recordRead(studyId, { finding: 'no-pneumonia', note: '  clear lungs\nno effusion ', afterAi: false, readingMs: 4200.4 });
  assert.equal(read.readingMs, 4200, 'the time to the first finding, in whole milliseconds');
  assert.equal(read.finding, 'no-pneumonia');
  assert.equal(read.note, 'clear lungs\nno effusion');
  assert.equal(read.afterAi, false);
  assert.equal(read.reader, osUserName());
  assert.ok(Date.parse(read.at) >= before - 1000 && Date.parse(read.at) <= Date.now());
  assert.equal(read.file, file);
  assert.equal(read.sopInstanceUid, '1.2.826.0.1.3680043.2.1125.96.1.1.1');
  assert.deepEqual(read.ai, { label: p.label, probability: p.probability, threshold: p.threshold, model: p.model, heldBack: p.warnings.length > 0 });

  // The same bytes under another name and folder: the same image, the same read.
  const copy = join(dir, 'elsewhere.dcm');
  await copyFile(file, copy);
  const other = await engine.openStudy(copy);
  assert.deepEqual(await engine.getRead(other.studyId), read);
  // Changed once the answer was seen: the new finding is "after" whatever the screen says, the blinded one kept first.
  const again = await engine.recordRead(other.studyId, { finding: 'pneumonia', afterAi: false, readingMs: 99_000 });
  assert.equal(again.readingMs, 4200, "a change later is not a read's length");
  assert.deepEqual([again.finding, again.afterAi, again.first], ['pneumonia', true, { finding: 'no-pneumonia', at: read.at, afterAi: false }]);
  assert.equal(again.note, undefined, 'a read without a note has none');
  // The same finding with a note: only the note changes (when and how it was read stay).
  const noted = await engine.recordRead(studyId, { finding: 'pneumonia', note: 'RLL', afterAi: false });
  assert.deepEqual([noted.note, noted.at, noted.afterAi, noted.first?.finding], ['RLL', again.at, true, 'no-pneumonia']);
  assert.equal(noted.file, file, 'a note saved names the path the image was opened from now (the worklist matches by path)');
  const stored = JSON.parse(await readFile(readsFile(join(dir, 'home')), 'utf8')) as { reads: unknown[] };
  assert.equal(stored.reads.length, 1, 'one record per reader and image');
  // Another reader of the same image: a record of their own; neither sees the other's.
  assert.equal(await engine.getRead(studyId, 'Smith^Jane'), null);
  const jane = await engine.recordRead(studyId, { finding: 'indeterminate', afterAi: false, reader: 'Smith^Jane' });
  assert.deepEqual([jane.reader, jane.afterAi, jane.first], ['Smith^Jane', false, undefined]);
  assert.equal((await engine.getRead(studyId))?.finding, 'pneumonia');
  assert.equal((await engine.getRead(studyId, 'Smith^Jane'))?.finding, 'indeterminate');
  // The worklist asks by the paths its rows hold: the read names the file it was last recorded on.
  assert.deepEqual((await engine.listReads([file, copy, join(dir, 'none.dcm')])).map((r) => [r.file, r.finding]), [[file, 'pneumonia']]);
  assert.deepEqual(await engine.listReads([]), []);

  await engine.clearRead(studyId);
  assert.equal(await engine.getRead(other.studyId), null);
  assert.deepEqual(await engine.listReads([file]), []);
  // Recorded again after withdrawing it: the image was read (its answer shown), so "after", the first kept.
  const redone = await engine.recordRead(studyId, { finding: 'no-pneumonia', afterAi: false });
  assert.deepEqual([redone.afterAi, redone.first?.finding], [true, 'no-pneumonia']);
  await engine.clearRead(studyId);
  await engine.closeStudy(studyId);
  await engine.closeStudy(other.studyId);
});

test("the SR carries the read as a person's observation beside the model's, and the first read when changed; without a read, none", { skip: dicomToolsMissing() }, async () => {
  const fresh = await writeDicom(join(dir, 'child2.dcm'), {
    rows: 256,
    columns: 256,
    pixels: chestPhantom(256, 256, 90, 3000),
    bitsStored: 12,
    attributes: { PatientID: 'READ-2', PatientAge: '003Y', StudyInstanceUID: '1.2.826.0.1.3680043.2.1125.96.2', SeriesInstanceUID: '1.2.826.0.1.3680043.2.1125.96.2.1', SOPInstanceUID: '1.2.826.0.1.3680043.2.1125.96.2.1.1', Modality: 'CR', ViewPosition: 'PA' },
  });
  const { studyId } = await engine.openStudy(fresh);
  const p = await engine.predict(studyId);
  await engine.recordRead(studyId, { finding: 'pneumonia', note: 'RLL — see prior', afterAi: false });
  const saved = await engine.saveResultAsDicom(studyId, join(dir, 'out'));
  assert.deepEqual(await dciodvfyErrors(saved.sr), []);
  const tree = await dsrdump(saved.sr);
  assert.ok(tree.includes("Reader's assessment"), tree);
  const container = tree.slice(tree.indexOf("Reader's assessment"));
  assert.match(container, /\(121005,DCM,"Observer Type"\)=\(121006,DCM,"Person"\)/);
  assert.match(container, new RegExp(`\\(121008,DCM,"Person Observer Name"\\)="${osUserName()}"`));
  assert.match(container, /\(233604007,SCT,"Pneumonia"\)=\(52101004,SCT,"Present"\)/);
  assert.match(container, /"RLL — see prior"/);
  assert.match(container, /"Read before the model's answer was shown\."/);
  assert.match(container, /\(ALV-READ-FIRST,99ALVEO,"Read before the model's answer was shown"\)=\(373066001,SCT,"Yes"\)/);
  assert.doesNotMatch(container, /ALV-FIRST-READ/, 'not changed: no first read');
  // Agreement only where the model's answer is a finding: this phantom is held back (unlike the training images).
  if (p.warnings.length) assert.doesNotMatch(container, /ALV-AGREE/);
  else assert.match(container, new RegExp(`ALV-AGREE.*=\\(${p.label === 'PNEUMONIA' ? '373066001,SCT,"Yes"' : '373067005,SCT,"No"'}\\)`));

  // Changed after the answer: the SR keeps the blinded first read beside the new one.
  await engine.recordRead(studyId, { finding: 'no-pneumonia', afterAi: true });
  const changed = await engine.saveResultAsDicom(studyId, join(dir, 'out3'));
  assert.deepEqual(await dciodvfyErrors(changed.sr), []);
  const tree2 = await dsrdump(changed.sr);
  assert.match(tree2, /\(233604007,SCT,"Pneumonia"\)=\(2667000,SCT,"Absent"\)/);
  assert.match(tree2, /\(ALV-FIRST-READ,99ALVEO,"First read, changed since"\)=\(52101004,SCT,"Present"\)[^\n]*\n\s*<has properties CODE:\(ALV-READ-FIRST,99ALVEO,"Read before the model's answer was shown"\)=\(373066001,SCT,"Yes"\)/);

  await engine.clearRead(studyId);
  const bare = await engine.saveResultAsDicom(studyId, join(dir, 'out2'));
  assert.ok(!(await dsrdump(bare.sr)).includes("Reader's assessment"), 'no read, no assessment');
  await engine.closeStudy(studyId);
});

test('a damaged reads file is named and left as it was', async () => {
  const home = join(dir, 'home2');
  const other = createEngine(sourceTreeDeps({ userDir: home }));
  try {
    const { studyId } = await other.openStudy(file);
    await other.recordRead(studyId, { finding: 'indeterminate', afterAi: true });
    const damaged = '{"version":1,"reads":[{"key":';
    await writeFile(readsFile(home), damaged);
    await assert.rejects(other.recordRead(studyId, { finding: 'pneumonia', afterAi: true }), (err: Error) => err.message.includes(readsFile(home)) && /damaged/.test(err.message));
    await assert.rejects(other.getRead(studyId), /damaged/);
    assert.equal(await readFile(readsFile(home), 'utf8'), damaged);
  } finally {
    await other.dispose();
  }
});
