import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import type { EngineEvent } from '../../src-main/api/events';
import { AlveoError } from '../../src-main/api/errors';
import { sourceWorkerDir } from '../../src-main/engine/engine-deps';
import { createEngine, type Engine } from '../../src-main/engine/index';
import { getTf } from '../../src-main/engine/model/tf-backend';
import { writeDicom, chestPhantom } from '../fixtures/write-dicom';
import { writeTextAsImage } from './inference/support/bad-files';
import { writeGrayPng } from './inference/support/draw-png';
import { saveSmallModel } from './inference/support/small-resnet';

let dir: string;
let builtIn: string;
let userDir: string;
let folder: string;
let png: string;
let dcm: string;
let engine: Engine;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-engine-'));
  builtIn = join(dir, 'builtin');
  userDir = join(dir, 'home');
  folder = join(dir, 'studies');
  await mkdir(builtIn);
  await mkdir(folder);
  const tf = await getTf('wasm');
  await saveSmallModel(tf, { builtInDir: builtIn, userDir, id: 'small-a', seed: 1 });
  await saveSmallModel(tf, { builtInDir: builtIn, userDir, id: 'small-b', seed: 2, trained: true, threshold: 0.3 });
  png = join(folder, 'a.png');
  await writeGrayPng(png, 120, 100, [{ top: 30, left: 20, height: 50, width: 40, value: 220 }], 30);
  dcm = join(folder, 'b.dcm');
  await writeDicom(dcm, { rows: 80, columns: 64, bitsAllocated: 16, bitsStored: 12, pixels: chestPhantom(80, 64, 100, 3000) });
  await writeGrayPng(join(folder, 'c.png'), 64, 64, [], 128);
  await writeTextAsImage(join(folder, 'd.jpg'));
  engine = createEngine({ builtInModelsDir: builtIn, userDir, backend: 'wasm', maxOpenStudies: 2 });
  await engine.setActiveModel('small-a');
});
after(async () => {
  await engine.dispose();
  await rm(dir, { recursive: true, force: true });
});

const code = (c: string) => (err: unknown) => err instanceof AlveoError && err.code === c;

test('getInfo names the backend and the active model', async () => {
  const info = await engine.getInfo();
  assert.match(info.backend, /^wasm/);
  assert.equal(info.activeModel, 'small-a');
  assert.deepEqual(info.modelsDirs, [builtIn, join(userDir, 'models')]);
  assert.match(info.version, /^\d+\.\d+\.\d+/);
});

test('openStudy -> info, image values, tags; predict and Grad-CAM share one forward pass', async () => {
  const info = await engine.openStudy(dcm);
  assert.equal(info.file, dcm);
  assert.equal(info.format, 'dicom');
  assert.deepEqual([info.rows, info.columns], [80, 64]);
  const image = await engine.getStudyImage(info.studyId);
  assert.equal(image.values.length, 80 * 64);
  assert.ok((await engine.getStudyTags(info.studyId)).some((t) => t.keyword === 'Rows'));
  const p = await engine.predict(info.studyId);
  assert.equal(p.file, dcm);
  assert.equal(p.model, 'small-a');
  assert.ok(p.probability >= 0 && p.probability <= 1);
  assert.equal(p.label, p.probability >= 0.5 ? 'PNEUMONIA' : 'NORMAL');
  assert.equal(p.warnings[0], 'model is untrained: output is meaningless');
  const cam = await engine.gradCam(info.studyId);
  assert.deepEqual([cam.studyId, cam.model, cam.rows, cam.columns, cam.heat.length], [info.studyId, 'small-a', 80, 64, 80 * 64]);
  assert.equal(await engine.gradCam(info.studyId), cam, 'second Grad-CAM comes from the cache');
  const again = await engine.predict(info.studyId);
  assert.equal(again.ms, p.ms, 'same cached forward pass');
  await engine.closeStudy(info.studyId);
  await assert.rejects(engine.predict(info.studyId), code('NOT_FOUND'));
});

test('predict and Grad-CAM asked at once share one forward pass', async () => {
  const { studyId } = await engine.openStudy(dcm);
  const [p, cam] = await Promise.all([engine.predict(studyId), engine.gradCam(studyId)]);
  const again = await engine.predict(studyId);
  assert.equal(again.ms, p.ms);
  assert.equal(cam.heat.length, 80 * 64);
  await engine.closeStudy(studyId);
});

test('an explicit model answers instead of the active one; a trained card has no warning', async () => {
  const { studyId } = await engine.openStudy(png);
  const a = await engine.predict(studyId);
  const b = await engine.predict(studyId, 'small-b');
  assert.equal(b.model, 'small-b');
  assert.equal(b.threshold, 0.3);
  assert.ok(!b.warnings.includes('model is untrained: output is meaningless'));
  assert.deepEqual(b.warnings, a.warnings.slice(1));
  assert.notEqual(a.probability, b.probability);
  assert.equal((await engine.gradCam(studyId, 'small-b')).model, 'small-b');
  await engine.closeStudy(studyId);
});

test('only the last maxOpenStudies studies stay open', async () => {
  const s1 = await engine.openStudy(png);
  const s2 = await engine.openStudy(dcm);
  const s3 = await engine.openStudy(png);
  await assert.rejects(engine.getStudyImage(s1.studyId), code('NOT_FOUND'));
  assert.equal((await engine.getStudyImage(s2.studyId)).rows, 80);
  assert.equal((await engine.getStudyImage(s3.studyId)).rows, 120);
  await assert.rejects(engine.openStudy(join(folder, 'd.jpg')), code('NOT_AN_IMAGE'));
});

test('models: list with the active one marked, rename, activate, delete', async () => {
  const models = await engine.listModels();
  assert.deepEqual(models.map((m) => [m.id, m.active]), [['small-a', true], ['small-b', false]]);
  await engine.renameModel('small-b', 'Second test model');
  assert.equal((await engine.listModels()).find((m) => m.id === 'small-b')?.card.name, 'Second test model');
  await engine.setActiveModel('small-b');
  assert.equal((await engine.getInfo()).activeModel, 'small-b');
  await assert.rejects(engine.deleteModel('small-b'), /active/);
  await engine.setActiveModel('small-a');
  const tf = await getTf('wasm');
  await saveSmallModel(tf, { builtInDir: builtIn, userDir, id: 'small-c', seed: 3 });
  await engine.deleteModel('small-c');
  assert.deepEqual((await engine.listModels()).map((m) => m.id), ['small-a', 'small-b']);
});

async function scoreEvents(e: Engine, spec: Parameters<Engine['startScore']>[0], cancelAfterRows?: number) {
  const events: EngineEvent[] = [];
  let jobId = '';
  const unsubscribe = e.subscribe((ev) => {
    if (ev.jobId !== jobId) return;
    events.push(ev);
    if (ev.type === 'job:row' && events.filter((x) => x.type === 'job:row').length === cancelAfterRows) void e.cancelJob(jobId);
  });
  ({ jobId } = await e.startScore(spec));
  await e.waitForJob(jobId);
  unsubscribe();
  return { jobId, events };
}

test('startScore streams rows and progress, ends with job:end done; a second run comes from the cache', async () => {
  const { events } = await scoreEvents(engine, { folder });
  const rows = events.flatMap((e) => (e.type === 'job:row' ? [e.row] : []));
  assert.deepEqual(rows.map((r) => basename(r.file)), ['a.png', 'b.dcm', 'c.png', 'd.jpg']);
  assert.deepEqual(rows.map((r) => r.error === null), [true, true, true, false]);
  const last = events.at(-1);
  assert.equal(last?.type === 'job:end' && last.outcome, 'done');
  const result = last?.type === 'job:end' && last.kind === 'score' ? last.result : null;
  assert.deepEqual([result?.scored, result?.failed, result?.fromCache], [3, 1, 0]);
  const progress = events.filter((e) => e.type === 'job:progress');
  assert.ok(progress.length >= 1);
  const finalProgress = progress.at(-1);
  assert.ok(finalProgress?.type === 'job:progress' && finalProgress.done === 4 && finalProgress.total === 4);
  const second = await scoreEvents(engine, { folder });
  const done = second.events.at(-1);
  assert.ok(done?.type === 'job:end' && done.kind === 'score' && done.result?.fromCache === 3);
});

test('cancelJob as a run starts stops it before its folder is listed: cancelled, no row, nothing counted', async () => {
  const events: EngineEvent[] = [];
  const { jobId } = await engine.startScore({ folder, modelId: 'small-b' });
  const unsubscribe = engine.subscribe((ev) => ev.jobId === jobId && events.push(ev));
  await engine.cancelJob(jobId); // the body starts a turn later, with its signal already aborted
  await engine.waitForJob(jobId);
  unsubscribe();
  assert.deepEqual(events.map((e) => e.type), ['job:end']);
  const end = events[0];
  // No result: the listing stopped at once (before, it listed and sniffed the whole folder first).
  assert.ok(end.type === 'job:end' && end.outcome === 'cancelled' && end.result === undefined, JSON.stringify(end));
});

test('cancelJob ends the job with job:end cancelled, keeping the rows already sent and counting them in its result', async () => {
  const { events } = await scoreEvents(engine, { folder, modelId: 'small-b' }, 1);
  const rows = events.filter((e) => e.type === 'job:row');
  assert.ok(rows.length >= 1 && rows.length < 4, `${rows.length} rows`);
  const last = events.at(-1);
  assert.ok(last?.type === 'job:end' && last.kind === 'score' && last.outcome === 'cancelled');
  // A cancelled score job still returns what it did: the rows sent, counted.
  assert.equal(last.result?.cancelled, true);
  assert.equal((last.result?.scored ?? 0) + (last.result?.failed ?? 0), rows.length);
});

test('startScore refuses a missing folder at once', async () => {
  await assert.rejects(engine.startScore({ folder: join(dir, 'nope') }), code('NOT_FOUND'));
  await assert.rejects(engine.startScore({ folder, modelId: 'no-such-model' }), code('NOT_FOUND'));
});

test('scoring hosted in a worker thread gives the same rows as in-process', async () => {
  const inProcess = await scoreEvents(engine, { folder, modelId: 'small-b' });
  await rm(join(userDir, 'cache'), { recursive: true, force: true }); // the worker must compute, not recall
  const workerEngine = createEngine({ builtInModelsDir: builtIn, userDir: join(dir, 'home'), backend: 'wasm', workerDir: sourceWorkerDir() });
  try {
    const inWorker = await scoreEvents(workerEngine, { folder, modelId: 'small-b' });
    const rowsOf = (ev: EngineEvent[]) => ev.flatMap((e) => (e.type === 'job:row' ? [e.row] : []));
    assert.deepEqual(rowsOf(inWorker.events), rowsOf(inProcess.events));
    const done = inWorker.events.at(-1);
    assert.ok(done?.type === 'job:end' && done.kind === 'score' && done.result?.fromCache === 0);
  } finally {
    await workerEngine.dispose();
  }
});

test('with no model installed, predict says so plainly', async () => {
  const empty = createEngine({ builtInModelsDir: join(dir, 'none'), userDir: join(dir, 'empty-home'), backend: 'wasm' });
  try {
    const { studyId } = await empty.openStudy(png);
    await assert.rejects(empty.predict(studyId), code('NO_MODEL'));
  } finally {
    await empty.dispose();
  }
});
