// The worklist and model manager methods through createEngine: CSV export of a scoring run's view
// (atomic, owner-only, identifiers on request), and model folder export/import via the store.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { EngineEvent } from '../../../src-main/api/events';
import { AlveoError } from '../../../src-main/api/errors';
import { DEFAULT_WORKLIST_VIEW } from '../../../src-main/api/worklist-view';
import { createEngine, type Engine } from '../../../src-main/engine/index';
import { getTf } from '../../../src-main/engine/model/tf-backend';
import { chestPhantom, writeDicom } from '../../fixtures/write-dicom';
import { writeTextAsImage } from '../inference/support/bad-files';
import { writeGrayPng } from '../inference/support/draw-png';
import { saveSmallModel } from '../inference/support/small-resnet';

let dir: string;
let userDir: string;
let folder: string;
let engine: Engine;
let jobId: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-wl-'));
  const builtIn = join(dir, 'builtin');
  userDir = join(dir, 'home');
  folder = join(dir, 'studies');
  await mkdir(builtIn);
  await mkdir(folder);
  await saveSmallModel(await getTf('wasm'), { builtInDir: builtIn, userDir, id: 'small-a', seed: 1, trained: true });
  await writeGrayPng(join(folder, 'a.png'), 120, 100, [{ top: 30, left: 20, height: 50, width: 40, value: 220 }], 30);
  await writeGrayPng(join(folder, 'c.png'), 64, 64, [], 128);
  await writeDicom(join(folder, 'b.dcm'), {
    rows: 80,
    columns: 64,
    bitsAllocated: 16,
    bitsStored: 12,
    pixels: chestPhantom(80, 64, 100, 3000),
    attributes: { PatientName: 'ROE^RICHARD', PatientID: 'PID-9', PatientAge: '003Y', Modality: 'DX', AccessionNumber: 'ACC-77' },
  });
  await writeTextAsImage(join(folder, 'd.jpg'));
  engine = createEngine({ builtInModelsDir: builtIn, userDir, backend: 'wasm' });
  await engine.setActiveModel('small-a');
  const events: EngineEvent[] = [];
  engine.subscribe((e) => events.push(e));
  ({ jobId } = await engine.startScore({ folder }));
  await engine.waitForJob(jobId);
  assert.equal(events.filter((e) => e.type === 'job:row').length, 4);
});
after(async () => {
  await engine.dispose();
  await rm(dir, { recursive: true, force: true });
});

test('exportWorklist writes the rows of the view, owner-only, without identifiers unless asked', async () => {
  const file = join(dir, 'out', 'all.csv');
  await mkdir(join(dir, 'out')); // a missing folder is an error, not made (next test)
  const r = await engine.exportWorklist({ jobId, view: DEFAULT_WORKLIST_VIEW, includeIdentifiers: false, file });
  assert.equal(r.file, file);
  assert.equal(r.rows, 4);
  assert.equal(r.csv, null);
  const text = await readFile(file, 'utf8');
  const lines = text.trimEnd().split('\n');
  assert.equal(lines[0], r.columns.join(','));
  assert.equal(lines.length, 5);
  assert.ok(lines[4].startsWith('d.jpg,'), 'the unreadable file is last (probability order), named inside the scored folder');
  assert.ok(!text.includes(folder), 'no absolute path without identifiers');
  assert.ok(!text.includes('ROE') && !text.includes('PID-9'));
  assert.ok(text.includes('003Y'));
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  assert.deepEqual((await readdir(join(dir, 'out'))).filter((n) => n.endsWith('.tmp')), [], 'no temporary file left');

  const withIds = await engine.exportWorklist({ jobId, view: { ...DEFAULT_WORKLIST_VIEW, search: 'b.dcm' }, includeIdentifiers: true });
  assert.equal(withIds.rows, 1);
  assert.equal(withIds.file, null);
  assert.match(withIds.csv ?? '', /ROE\^RICHARD/);
  assert.match(withIds.csv ?? '', /PID-9/);
  assert.ok((withIds.csv ?? '').split('\n')[1].startsWith('b.dcm,'), 'the file named as without identifiers');
  assert.ok((withIds.csv ?? '').includes(`,${join(folder, 'b.dcm')},`), 'and its path as scored in the path column');

  const firstTwo = await engine.exportWorklist({ jobId, view: { ...DEFAULT_WORKLIST_VIEW, filter: 'errors' }, count: 2, includeIdentifiers: false });
  assert.equal(firstTwo.rows, 0, 'd.jpg arrived 4th: not among the 2 rows the screen had');
});

test('exportWorklist refuses an unknown run and a folder as the target', async () => {
  await assert.rejects(engine.exportWorklist({ jobId: 'score-nope', view: DEFAULT_WORKLIST_VIEW, includeIdentifiers: false }), (e: unknown) => e instanceof AlveoError && e.code === 'NOT_FOUND');
  await assert.rejects(engine.exportWorklist({ jobId, view: DEFAULT_WORKLIST_VIEW, includeIdentifiers: false, file: folder }), (e: unknown) => e instanceof AlveoError && /is a folder/.test(e.message));
});

test('exportWorklist asks before replacing a file and never makes a missing folder', async () => {
  const file = join(dir, 'replace.csv');
  await writeFile(file, 'keep me\n');
  const asked = await engine.exportWorklist({ jobId, view: DEFAULT_WORKLIST_VIEW, includeIdentifiers: false, file });
  assert.equal(asked.exists, true);
  assert.equal(await readFile(file, 'utf8'), 'keep me\n', 'not written without overwrite');
  const replaced = await engine.exportWorklist({ jobId, view: DEFAULT_WORKLIST_VIEW, includeIdentifiers: false, file, overwrite: true });
  assert.equal(replaced.exists, undefined);
  assert.match(await readFile(file, 'utf8'), /^file,probability/);
  const missing = join(dir, 'no-such-dir', 'deeper');
  await assert.rejects(
    engine.exportWorklist({ jobId, view: DEFAULT_WORKLIST_VIEW, includeIdentifiers: false, file: join(missing, 'x.csv') }),
    (e: unknown) => e instanceof AlveoError && e.code === 'NOT_FOUND' && e.message.includes(`the folder ${missing} does not exist`),
  );
  await assert.rejects(stat(join(dir, 'no-such-dir')), 'the folder was not created');
  // Anything but a .csv is refused, new or replaced: the API never writes a shell's start-up file.
  const bashrc = join(dir, '.bashrc');
  await writeFile(bashrc, 'echo hello\n');
  for (const target of [bashrc, join(dir, 'worklist.txt'), join(dir, 'autostart.desktop')]) {
    await assert.rejects(
      engine.exportWorklist({ jobId, view: DEFAULT_WORKLIST_VIEW, includeIdentifiers: true, file: target, overwrite: true }),
      (e: unknown) => e instanceof AlveoError && e.code === 'BAD_ARGUMENT' && /exported as a \.csv file/.test(e.message),
      target,
    );
  }
  assert.equal(await readFile(bashrc, 'utf8'), 'echo hello\n');
  assert.ok(!existsSync(join(dir, 'worklist.txt')));
});

test('search finds a patient by the name as shown or as stored, and by accession; rows without a patient sort last', async () => {
  const view = (search: string) => engine.exportWorklist({ jobId, view: { ...DEFAULT_WORKLIST_VIEW, search }, includeIdentifiers: false });
  for (const search of ['roe, richard', 'Roe Richard', 'ROE^RICHARD', 'acc-77']) assert.equal((await view(search)).rows, 1, search);
  for (const descending of [false, true]) {
    const csv = (await engine.exportWorklist({ jobId, view: { ...DEFAULT_WORKLIST_VIEW, sort: 'patient', descending }, includeIdentifiers: false })).csv ?? '';
    assert.ok(csv.split('\n')[1].startsWith('b.dcm,'), `the one named patient first (${descending ? 'descending' : 'ascending'})`);
  }
});

test('a PACS-cache study is exported under a neutral key, not its UIDs', async () => {
  const studyUid = '1.2.826.0.1.3680043.8.498.111';
  const sopUid = '1.2.826.0.1.3680043.8.498.112';
  const study = join(userDir, 'pacs', 'cache', studyUid);
  await mkdir(study, { recursive: true });
  await writeDicom(join(study, `${sopUid}.dcm`), {
    rows: 80,
    columns: 64,
    bitsAllocated: 16,
    bitsStored: 12,
    pixels: chestPhantom(80, 64, 100, 3000),
    attributes: { StudyInstanceUID: studyUid, SOPInstanceUID: sopUid, Modality: 'CR' },
  });
  const run = await engine.startScore({ folder: study });
  await engine.waitForJob(run.jobId);
  const csv = (await engine.exportWorklist({ jobId: run.jobId, view: DEFAULT_WORKLIST_VIEW, includeIdentifiers: false })).csv ?? '';
  assert.ok(csv.split('\n')[1].startsWith('pacs-study-1/image-1,'), csv);
  assert.ok(!csv.includes('1.2.826.0.1.3680043.8.498'), 'no UID anywhere');
});

test('exportModel and importModel go through the model store', async () => {
  const exports = join(dir, 'exports');
  const written = await engine.exportModel('small-a', exports);
  assert.equal(written, join(exports, 'small-a'));
  assert.ok((await readdir(written)).includes('model.json'));
  await assert.rejects(engine.importModel(written), /already installed as 'small-a'/);
  // Another model (another threshold) under the taken id gets a suffix.
  const card = JSON.parse(await readFile(join(written, 'card.json'), 'utf8')) as Record<string, unknown>;
  await writeFile(join(written, 'card.json'), JSON.stringify({ ...card, threshold: { value: 0.41, rule: 'other' } }));
  const imported = await engine.importModel(written);
  assert.equal(imported.id, 'small-a-2', 'a taken id gets a suffix');
  assert.ok((await engine.listModels()).some((m) => m.id === 'small-a-2' && !m.builtIn));
  await assert.rejects(engine.importModel(join(dir, 'studies')), (e: unknown) => e instanceof AlveoError);
});

test('getThumbnail and listDirectory answer through the engine', async () => {
  const t = await engine.getThumbnail(join(folder, 'a.png'), 48);
  assert.equal(Math.max(t.width, t.height), 48);
  assert.ok(Math.abs(t.width / t.height - t.columns / t.rows) < 0.05, 'aspect kept');
  assert.deepEqual([t.rows, t.columns].sort(), [100, 120]);
  const l = await engine.listDirectory(folder);
  assert.equal(l.images, 4);
});
