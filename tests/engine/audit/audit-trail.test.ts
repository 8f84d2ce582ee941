// The audit trail on a real engine: changes (active model, site policy, a refused delete),
// a scored folder and its end, a DICOM result saved, each leave one line with who, where, when and
// the outcome; the lines form one chain that an edit breaks; no patient's name or ID is written;
// two processes appending to one user folder keep one chain.
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { AuditLog, auditFileFor, lineHash, verifyAuditFile, type AuditLine } from '../../../src-main/engine/audit/audit-log';
import { createEngine, type Engine } from '../../../src-main/engine/index';
import { getTf } from '../../../src-main/engine/model/tf-backend';
import { chestPhantom, writeDicom } from '../../fixtures/write-dicom';
import { writeGrayPng } from '../inference/support/draw-png';
import { saveSmallModel } from '../inference/support/small-resnet';
import { tempDir } from '../../support/temp-dir';

let dir: string;
let userDir: string;
let folder: string;
let dcm: string;
let engine: Engine;

before(async () => {
  dir = await tempDir('alveo-audit-');
  const builtIn = join(dir, 'builtin');
  userDir = join(dir, 'home');
  folder = join(dir, 'ward');
  await mkdir(builtIn);
  await mkdir(folder);
  const tf = await getTf('wasm');
  await saveSmallModel(tf, { builtInDir: builtIn, userDir, id: 'small-a', seed: 1 });
  await saveSmallModel(tf, { builtInDir: builtIn, userDir, id: 'small-b', seed: 2, trained: true, threshold: 0.3 });
  await writeGrayPng(join(folder, 'a.png'), 96, 96, [{ top: 20, left: 20, height: 50, width: 50, value: 200 }], 30);
  dcm = join(folder, 'b.dcm');
  await writeDicom(dcm, {
    rows: 80,
    columns: 64,
    bitsAllocated: 16,
    bitsStored: 12,
    pixels: chestPhantom(80, 64, 100, 3000),
    attributes: { PatientName: 'Auditee^Winifred', PatientID: 'MRN-778899', StudyInstanceUID: '1.2.826.0.1.3680043.8.498.1', SeriesInstanceUID: '1.2.826.0.1.3680043.8.498.2', SOPInstanceUID: '1.2.826.0.1.3680043.8.498.3' },
  });
  engine = createEngine({ builtInModelsDir: builtIn, userDir, backend: 'wasm' });
});
after(async () => {
  await engine.dispose();
});

async function lines(): Promise<AuditLine[]> {
  const { lines: all, broken } = await verifyAuditFile(auditFileFor(userDir, new Date()));
  assert.equal(broken, null, 'the chain holds');
  return all;
}

test('changes, a scored folder and a saved DICOM result each leave a line: who, where, when, what, how it ended', async () => {
  const started = Date.now();
  await engine.setActiveModel('small-b');
  await engine.setSitePolicy({ ageUnknown: 'read-as-child' });
  await assert.rejects(engine.deleteModel('small-b')); // the active model: refused
  const { jobId } = await engine.startScore({ folder });
  await engine.waitForJob(jobId);
  const info = await engine.openStudy(dcm);
  await engine.saveResultAsDicom(info.studyId, join(dir, 'results'));
  await engine.closeStudy(info.studyId);
  await engine.dispose(); // job ends are written by then

  const all = await lines();
  const of = (action: string) => all.filter((l) => l.action === action);
  assert.deepEqual(
    all.map((l) => [l.action, l.outcome]),
    [
      ['setActiveModel', 'done'],
      ['setSitePolicy', 'done'],
      ['deleteModel', 'refused'],
      ['startScore', 'done'],
      ['score-end', 'done'],
      ['saveResultAsDicom', 'done'],
    ],
  );
  for (const l of all) {
    assert.equal(l.user, userInfo().username);
    assert.equal(l.door, 'cli');
    assert.equal(l.pid, process.pid);
    assert.match(l.alveo, /^\d+\.\d+\.\d+/);
    assert.ok(Date.parse(l.ts) >= started - 1000 && Date.parse(l.ts) <= Date.now(), l.ts);
  }
  assert.equal(of('setActiveModel')[0].model, 'small-b');
  assert.deepEqual(of('setSitePolicy')[0].policy, { ageUnknown: 'read-as-child' });
  assert.match(String(of('deleteModel')[0].error), /activ/i);
  assert.equal(of('deleteModel')[0].model, 'small-b');
  assert.equal(of('startScore')[0].folder, folder);
  assert.equal(of('startScore')[0].job, jobId);
  const end = of('score-end')[0];
  assert.deepEqual([end.job, end.total, end.scored, end.model], [jobId, 2, 2, 'small-b']);
  const saved = of('saveResultAsDicom')[0];
  assert.equal(saved.source, dcm);
  assert.equal(saved.study, '1.2.826.0.1.3680043.8.498.1');
  assert.match(String(saved.sr), /SR_.*\.dcm$/);
  // Owner-only, and no patient's name or ID anywhere in it.
  const file = auditFileFor(userDir, new Date());
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  assert.equal((await stat(join(userDir, 'audit'))).mode & 0o777, 0o700);
  const text = await readFile(file, 'utf8');
  assert.doesNotMatch(text, /Auditee|Winifred|MRN-778899/);
});

test('a held-back answer revealed is recorded with its file, model and warnings', async () => {
  const e = createEngine({ builtInModelsDir: join(dir, 'builtin'), userDir, backend: 'wasm' });
  try {
    const info = await e.openStudy(dcm);
    await e.predict(info.studyId);
    await e.recordReveal(info.studyId);
    await assert.rejects(e.recordReveal('no-such-study'));
  } finally {
    await e.dispose();
  }
  const reveal = (await lines()).filter((l) => l.action === 'recordReveal');
  assert.equal(reveal.length, 1, 'one line; an unknown study is refused, not recorded');
  assert.deepEqual([reveal[0].source, reveal[0].model, reveal[0].outcome], [dcm, 'small-b', 'done']);
  assert.ok(Array.isArray(reveal[0].warnings));
});

test("a reader's read recorded and cleared is in the trail: file, finding, model; never the note", async () => {
  const e = createEngine({ builtInModelsDir: join(dir, 'builtin'), userDir, backend: 'wasm' });
  try {
    const info = await e.openStudy(dcm);
    await e.recordRead(info.studyId, { finding: 'no-pneumonia', note: 'Winifred looks well', afterAi: true });
    await e.clearRead(info.studyId);
  } finally {
    await e.dispose();
  }
  const read = (await lines()).filter((l) => l.action === 'recordRead');
  assert.equal(read.length, 1);
  assert.deepEqual([read[0].source, read[0].finding, read[0].afterAi, read[0].model, read[0].outcome], [dcm, 'no-pneumonia', true, 'small-b', 'done']);
  assert.deepEqual((await lines()).filter((l) => l.action === 'clearRead').map((l) => l.source), [dcm]);
  assert.doesNotMatch(await readFile(auditFileFor(userDir, new Date()), 'utf8'), /Winifred/);
});

test('an edited or removed line breaks the chain at the line after it', async () => {
  const file = auditFileFor(userDir, new Date());
  const text = await readFile(file, 'utf8');
  const raw = text.trimEnd().split('\n');
  assert.ok(raw.length >= 4);
  const copy = join(dir, 'edited.jsonl');
  await writeFile(copy, [...raw.slice(0, 1), raw[1].replace('"done"', '"refused"'), ...raw.slice(2)].join('\n') + '\n');
  assert.equal((await verifyAuditFile(copy)).broken, 3, 'line 2 edited: line 3 no longer follows it');
  await writeFile(copy, [...raw.slice(0, 2), ...raw.slice(3)].join('\n') + '\n');
  assert.equal((await verifyAuditFile(copy)).broken, 3, 'line 3 removed: the line now third does not follow line 2');
});

test('a PACS password given in an address never reaches the trail', async () => {
  const home = join(dir, 'pacs-home');
  const e = createEngine({ builtInModelsDir: join(dir, 'builtin'), userDir: home, backend: 'wasm' });
  try {
    await e.savePacsNode({ name: 'Main PACS', address: 'https://alice:S3cret-PW@pacs.example/dicom-web' });
    await assert.rejects(e.savePacsNode({ name: 'Bad', address: 'ftp://bob:Hidden-PW@x' }));
  } finally {
    await e.dispose();
  }
  const [file] = (await readdir(join(home, 'audit'))).filter((f) => f.endsWith('.jsonl'));
  const text = await readFile(join(home, 'audit', file), 'utf8');
  assert.doesNotMatch(text, /S3cret|Hidden-PW|alice:|bob:/);
  const saved = text.trim().split('\n').map((l) => JSON.parse(l) as AuditLine).find((l) => l.action === 'savePacsNode' && l.outcome === 'done');
  assert.equal(saved?.address, 'https://pacs.example/dicom-web');
});

test('a last line cut short (a crash) stays a line of its own: the chain names it, and goes on after it', async () => {
  const home = join(dir, 'cut-home');
  const log = new AuditLog(home, 'cli', () => '1.0.0');
  await log.record('first', 'done');
  await log.record('second', 'done');
  const file = auditFileFor(home, new Date());
  await writeFile(file, (await readFile(file, 'utf8')) + '{"ts":"2026-', { flag: 'w' });
  await log.record('third', 'done');
  await log.record('fourth', 'done');
  const { lines: all, broken } = await verifyAuditFile(file);
  assert.deepEqual(all.map((l) => l.action), ['first', 'second', 'third', 'fourth'], 'no line lost to the fragment');
  assert.equal(broken, 3, 'the fragment, line 3, is where the chain breaks');
  const raw = (await readFile(file, 'utf8')).split('\n');
  assert.equal(all[2].prev, lineHash(raw[2]), 'the line after the fragment follows it');
  assert.equal(all[3].prev, lineHash(raw[3]), 'and the chain goes on');
});

test('a line that cannot be written is told to the listener; a listener that throws loses no later line', async () => {
  const home = join(dir, 'blocked-home');
  await mkdir(home, { recursive: true });
  await writeFile(join(home, 'audit'), 'a file where the audit folder should be');
  const told: string[] = [];
  const log = new AuditLog(home, 'cli', () => '1.0.0', undefined, (m) => {
    told.push(m);
    throw new Error('a broken listener');
  });
  await log.record('first', 'done');
  assert.match(told[0] ?? '', /^The audit trail could not be written \(.+\): the action "first" stood but is not recorded$/);
  assert.equal(log.problem(), told[0]);
  // The folder can be made again: the next line goes in, the queue did not stay rejected.
  await rm(join(home, 'audit'));
  await log.record('second', 'done');
  const { lines } = await verifyAuditFile(auditFileFor(home, new Date()));
  assert.deepEqual(lines.map((l) => l.action), ['second']);
});

test('two processes on one user folder append to one chain', async () => {
  const home = join(dir, 'shared-home');
  const a = new AuditLog(home, 'app', () => '1.0.0');
  const b = new AuditLog(home, 'cli', () => '1.0.0');
  await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).record(`action-${i}`, 'done')));
  const files = (await readdir(join(home, 'audit'))).filter((f) => f.endsWith('.jsonl'));
  assert.equal(files.length, 1);
  const { lines: all, broken } = await verifyAuditFile(join(home, 'audit', files[0]));
  assert.equal(broken, null);
  assert.equal(all.length, 20);
  assert.deepEqual(new Set(all.map((l) => l.door)), new Set(['app', 'cli']));
});
