// alveo reads: the reads recorded through the engine (as the app's "Your read" does), summed up
// against the model's answers on real images, and written as CSV; an empty store says so.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, symlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { createEngine, sourceTreeDeps } from '../../../src-main/engine/index';
import { KERMANY_VAL, skipUnless } from '../../engine/inference/support/shared-data';
import { chestPhantom, writeDicom } from '../../fixtures/write-dicom';
import { tempDir } from '../../support/temp-dir';
import { runCli } from '../support/run-cli';

test('alveo reads with none recorded says how to record one', async () => {
  const home = await tempDir('alveo-reads-empty-');
  const r = await runCli(['reads'], { ALVEO_HOME: home });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /No reads recorded yet: record one in the app's AI panel \("Your read"\)/);
});

test("alveo reads: agreement with the model's answers on real images, and every read as CSV", { skip: skipUnless(KERMANY_VAL) }, async () => {
  const home = await tempDir('alveo-reads-');
  const engine = createEngine(sourceTreeDeps({ userDir: join(home) }));
  const files = [
    ...(await readdir(join(KERMANY_VAL, 'NORMAL'))).slice(0, 3).map((f) => join(KERMANY_VAL, 'NORMAL', f)),
    ...(await readdir(join(KERMANY_VAL, 'PNEUMONIA'))).slice(0, 3).map((f) => join(KERMANY_VAL, 'PNEUMONIA', f)),
  ];
  // The reader calls each image by its folder's label; the last one indeterminate, the first read first.
  const expected = { n: 0, agree: 0, indeterminate: 0, heldBack: 0 };
  const model = new Set<string>();
  try {
    for (const [i, file] of files.entries()) {
      const { studyId } = await engine.openStudy(file);
      const p = await engine.predict(studyId);
      model.add(p.model);
      const finding = i === files.length - 1 ? 'indeterminate' : file.includes('/PNEUMONIA/') ? 'pneumonia' : 'no-pneumonia';
      await engine.recordRead(studyId, { finding, afterAi: i !== 0, note: `read ${i}` });
      if (finding === 'indeterminate') expected.indeterminate++;
      else if (p.warnings.length) expected.heldBack++;
      else {
        expected.n++;
        if ((finding === 'pneumonia') === (p.label === 'PNEUMONIA')) expected.agree++;
      }
      await engine.closeStudy(studyId);
    }
  } finally {
    await engine.dispose();
  }
  const csv = join(home, 'reads.csv');
  const r = await runCli(['reads', '--json', '--csv', csv], { ALVEO_HOME: home });
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout) as { reads: number; models: { model: string; all: { n: number; agreement: number | null }; indeterminate: number; heldBack: number; before: { n: number } }[] };
  assert.equal(s.reads, files.length);
  assert.equal(s.models.length, 1);
  assert.equal(s.models[0].model, [...model][0]);
  assert.deepEqual([s.models[0].all.n, s.models[0].indeterminate, s.models[0].heldBack], [expected.n, expected.indeterminate, expected.heldBack]);
  if (expected.n) assert.equal(s.models[0].all.agreement, expected.agree / expected.n);
  const rows = (await readFile(csv, 'utf8')).trimEnd().split('\n');
  assert.equal(rows.length, files.length + 1);
  for (const f of files) assert.ok(rows.some((row) => row.startsWith(`${f},`)), `a row for ${f}`);

  // The folders' labels as the reference standard (links to the same files): every read matched.
  const truthDir = join(home, 'truth');
  for (const f of files) {
    const cls = f.includes('/PNEUMONIA/') ? 'PNEUMONIA' : 'NORMAL';
    await mkdir(join(truthDir, cls), { recursive: true });
    await symlink(f, join(truthDir, cls, basename(f)));
  }
  const vs = await runCli(['reads', '--json', '--truth', truthDir], { ALVEO_HOME: home });
  assert.equal(vs.code, 0, vs.stderr);
  const t = (JSON.parse(vs.stdout) as { truth: { matched: number; readers: { final: { sensitivity: { k: number; n: number }; specificity: { k: number; n: number } }; indeterminate: number }[] } }).truth;
  assert.equal(t.matched, files.length);
  // The reader called every image by its folder: all right, the indeterminate one left out.
  assert.deepEqual([t.readers[0].final.sensitivity.k, t.readers[0].final.sensitivity.n, t.readers[0].final.specificity.k, t.readers[0].final.specificity.n, t.readers[0].indeterminate], [2, 2, 3, 3, 1]);

  const text = await runCli(['reads'], { ALVEO_HOME: home });
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, new RegExp(`^${files.length} read\\(s\\) by `));
  assert.match(text.stdout, /read: pneumonia\s+\d+\s+\d+\n\s+read: no pneumonia\s+\d+\s+\d+/);
  assert.match(text.stdout, /read first \(before the model's answer\): .* of \d+; with the answer on screen: .* of \d+/);
});

test('alveo reads --from pools readers\' user folders (one per account); a folder without reads is said', async () => {
  const dir = await tempDir('alveo-reads-from-');
  const image = await writeDicom(join(dir, 'x.dcm'), { rows: 96, columns: 96, pixels: chestPhantom(96, 96, 50, 3000), bitsStored: 12, attributes: { PatientID: 'FROM-1', StudyInstanceUID: '1.2.826.0.1.3680043.2.1125.99.1', SeriesInstanceUID: '1.2.826.0.1.3680043.2.1125.99.1.1', SOPInstanceUID: '1.2.826.0.1.3680043.2.1125.99.1.1.1', Modality: 'CR' } });
  for (const [home, reader, finding] of [[join(dir, 'a'), 'Smith^Jane', 'pneumonia'], [join(dir, 'b'), 'Jones^Ann', 'no-pneumonia'], [join(dir, 'c'), 'Smith^Jane', 'indeterminate']] as const) {
    const engine = createEngine(sourceTreeDeps({ userDir: home }));
    try {
      const { studyId } = await engine.openStudy(image);
      await engine.recordRead(studyId, { finding, afterAi: false, reader });
    } finally {
      await engine.dispose();
    }
  }
  const r = await runCli(['reads', '--json', '--from', `${join(dir, 'a')},${join(dir, 'b')},${join(dir, 'nobody')}`], { ALVEO_HOME: join(dir, 'own') });
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout) as { reads: number; readers: string[] };
  assert.deepEqual([s.reads, s.readers], [2, ['Jones^Ann', 'Smith^Jane']]);
  assert.match(r.stderr, new RegExp(`no reads in ${join(dir, 'nobody').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
  // A folder named twice counts once; one reader name's read of one image in two folders counts once (the latest).
  const twice = await runCli(['reads', '--json', '--from', `${join(dir, 'a')},${join(dir, 'a')}/,${join(dir, 'b')}`], { ALVEO_HOME: join(dir, 'own') });
  assert.equal((JSON.parse(twice.stdout) as { reads: number }).reads, 2);
  assert.match(twice.stderr, /is the same folder as .*: counted once/);
  const shared = await runCli(['reads', '--json', '--csv', join(dir, 'shared.csv'), '--from', `${join(dir, 'a')},${join(dir, 'c')}`], { ALVEO_HOME: join(dir, 'own') });
  assert.equal((JSON.parse(shared.stdout) as { reads: number }).reads, 1);
  assert.match(shared.stderr, /1 read\(s\) of the same image by the same reader name were found in two folders: the latest of each counted/);
  assert.match(await readFile(join(dir, 'shared.csv'), 'utf8'), /,Smith\^Jane,indeterminate,/);

  const csv = join(dir, 'pooled.csv');
  assert.equal((await runCli(['reads', '--from', `${join(dir, 'a')},${join(dir, 'b')}`, '--csv', csv], { ALVEO_HOME: join(dir, 'own') })).code, 0);
  const rows = (await readFile(csv, 'utf8')).trimEnd().split('\n').slice(1);
  assert.equal(rows.length, 2);
  assert.equal(new Set(rows.map((row) => row.split(',')[1])).size, 1, 'one image key for the one image, whoever read it');
  // Listed with what Alveo keeps of patients' data, and kept when the caches are cleared.
  const held = await runCli(['cache'], { ALVEO_HOME: join(dir, 'a') });
  assert.match(held.stdout, /readers' reads: 1 read by 1 reader \(records, not a cache: kept by --clear/);
  assert.equal((await runCli(['cache', '--clear'], { ALVEO_HOME: join(dir, 'a') })).code, 0);
  assert.equal((JSON.parse((await runCli(['reads', '--json'], { ALVEO_HOME: join(dir, 'a') })).stdout) as { reads: number }).reads, 1);
});

test('alveo predict --dicom-out carries the read recorded on the image into the SR, as the app does', { skip: existsSync('/usr/bin/dsrdump') ? false : 'dcmtk dsrdump is not installed' }, async () => {
  const dir = await tempDir('alveo-reads-predict-');
  const home = join(dir, 'home');
  const image = await writeDicom(join(dir, 'y.dcm'), { rows: 96, columns: 96, pixels: chestPhantom(96, 96, 70, 3000), bitsStored: 12, attributes: { PatientID: 'SR-1', StudyInstanceUID: '1.2.826.0.1.3680043.2.1125.99.2', SeriesInstanceUID: '1.2.826.0.1.3680043.2.1125.99.2.1', SOPInstanceUID: '1.2.826.0.1.3680043.2.1125.99.2.1.1', Modality: 'CR' } });
  const engine = createEngine(sourceTreeDeps({ userDir: home }));
  try {
    const { studyId } = await engine.openStudy(image);
    await engine.recordRead(studyId, { finding: 'no-pneumonia', afterAi: false });
  } finally {
    await engine.dispose();
  }
  const r = await runCli(['predict', image, '--dicom-out', join(dir, 'out')], { ALVEO_HOME: home });
  assert.equal(r.code, 0, r.stderr);
  const sr = (await readdir(join(dir, 'out'))).find((f) => f.startsWith('SR_'));
  assert.ok(sr, 'an SR was written');
  const tree = execFileSync('/usr/bin/dsrdump', ['+Pc', join(dir, 'out', sr)], { encoding: 'utf8' });
  assert.match(tree, /Reader's assessment/);
  assert.match(tree, /\(233604007,SCT,"Pneumonia"\)=\(2667000,SCT,"Absent"\)/);
  // --reader: another reader's read of the same image, named as they are.
  const again = createEngine(sourceTreeDeps({ userDir: home }));
  try {
    const { studyId } = await again.openStudy(image);
    await again.recordRead(studyId, { finding: 'pneumonia', afterAi: false, reader: 'Smith^Jane' });
  } finally {
    await again.dispose();
  }
  assert.equal((await runCli(['predict', image, '--dicom-out', join(dir, 'jane'), '--reader', 'Smith^Jane'], { ALVEO_HOME: home })).code, 0);
  const janeSr = (await readdir(join(dir, 'jane'))).find((f) => f.startsWith('SR_')) as string;
  const janeTree = execFileSync('/usr/bin/dsrdump', ['+Pc', join(dir, 'jane', janeSr)], { encoding: 'utf8' });
  assert.match(janeTree, /\(121008,DCM,"Person Observer Name"\)="Smith\^Jane"/);
  assert.match(janeTree, /\(233604007,SCT,"Pneumonia"\)=\(52101004,SCT,"Present"\)/);
});
