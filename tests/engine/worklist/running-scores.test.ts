// runningScores: the score runs under way in an engine, each with its rows so far and latest
// progress, so a page reloaded mid-run takes the run up again; none once the run has ended. And
// last-run.json, with runs that overlap, records each run's real end.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import type { RunningScore } from '../../../src-main/api/contract';
import type { EngineEvent } from '../../../src-main/api/events';
import { createEngine, type Engine } from '../../../src-main/engine/index';
import { getTf } from '../../../src-main/engine/model/tf-backend';
import { LastScoreRunRecorder, readLastScoreRun } from '../../../src-main/engine/worklist/last-score-run';
import { RunningScores, sameScoreRun } from '../../../src-main/engine/worklist/running-scores';
import { dispatch } from '../../../src-main/hosts/dispatch';
import { writeGrayPng } from '../inference/support/draw-png';
import { saveSmallModel } from '../inference/support/small-resnet';
import { tempDir } from '../../support/temp-dir';

const IMAGES = 12;
let dir: string;
let folder: string;
let engine: Engine;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-running-'));
  const builtIn = join(dir, 'builtin');
  const userDir = join(dir, 'home');
  folder = join(dir, 'studies');
  await mkdir(builtIn);
  await mkdir(folder);
  await saveSmallModel(await getTf('wasm'), { builtInDir: builtIn, userDir, id: 'small', seed: 1, trained: true });
  for (let i = 0; i < IMAGES; i++) await writeGrayPng(join(folder, `s${String(i).padStart(2, '0')}.png`), 64, 64, [{ top: i, left: 10, height: 12, width: 30, value: 200 }], 40);
  engine = createEngine({ builtInModelsDir: builtIn, userDir, backend: 'wasm' });
  await engine.setActiveModel('small');
});
after(async () => {
  await engine.dispose();
  await rm(dir, { recursive: true, force: true });
});

test('a run under way is listed with its spec, model, rows so far and progress; none once it has ended', async () => {
  assert.deepEqual(await engine.runningScores(), []);
  let jobId = '';
  const rows: string[] = [];
  let seen: RunningScore[] | null = null;
  let asked: Promise<RunningScore[][]> | null = null;
  let deleting: Promise<unknown> | null = null;
  const ask = (...queries: Parameters<Engine['runningScores']>[0][]) => Promise.all(queries.map((q) => engine.runningScores(q)));
  engine.subscribe((e: EngineEvent) => {
    if (e.jobId !== jobId || e.type !== 'job:row') return;
    rows.push(basename(e.row.file));
    // Asked mid-run (the second row is out): what a reloaded page would get; then the run is stopped.
    if (rows.length === 2) {
      void engine.runningScores().then((r) => (seen = r));
      // Asked as a page does: specs only, the rows after those it has, the run a start would repeat.
      asked = ask(
        { rows: false },
        { rowsFrom: 1 },
        { rows: false, like: { folder: `${folder}/./x/../`, recursive: true } },
        { rows: false, like: { folder, recursive: true, modelId: 'small', label: 'another label' } },
        { rows: false, like: { folder, recursive: false } },
        { rows: false, like: { folder, recursive: true, oneView: true } },
        { rows: false, like: { folder, recursive: true, subfolders: ['a'] } },
        { rows: false, like: { folder: join(folder, 'other'), recursive: true } },
        { rows: false, like: { folder, recursive: true, modelId: 'no-such-model' } },
      );
      // Its model cannot be deleted under it (the run would save its score cache again).
      deleting = engine.deleteModel('small').then(() => null, (e: unknown) => e);
      void engine.cancelJob(jobId);
    }
  });
  ({ jobId } = await engine.startScore({ folder, recursive: true, label: 'twelve' }));
  await engine.waitForJob(jobId);
  const listed: RunningScore[] = seen ?? [];
  assert.equal(listed.length, 1, 'the run was listed while it ran');
  const [run] = listed;
  assert.equal(run.jobId, jobId);
  assert.deepEqual(run.spec, { folder, recursive: true, label: 'twelve' });
  assert.equal(run.modelId, 'small');
  assert.ok(run.startedAt <= Date.now());
  assert.deepEqual(run.rows.map((r) => basename(r.file)), rows.slice(0, 2), 'its rows so far, in order');
  assert.ok(asked, 'asked mid-run');
  const [specsOnly, fromOne, sameResolved, sameModel, notRecursive, oneView, subfolders, otherFolder, otherModel] = await (asked as Promise<RunningScore[][]>);
  assert.deepEqual(specsOnly.map((r) => [r.jobId, r.rows.length, r.modelId]), [[jobId, 0, 'small']], 'rows: false: the run, no rows');
  assert.deepEqual(fromOne.map((r) => r.rows.map((row) => basename(row.file))), [rows.slice(1, 2)], 'rowsFrom: the rows after those held');
  assert.deepEqual([sameResolved.length, sameModel.length], [1, 1], 'the same folder however written, the active model named or not, is the same run');
  assert.deepEqual([notRecursive, oneView, subfolders, otherFolder, otherModel].map((r) => r.length), [0, 0, 0, 0, 0], 'another recursive, one view, sub-folders, folder or model is another run');
  assert.equal(run.latest?.total, IMAGES, 'its latest progress');
  assert.ok(rows.length < IMAGES, 'cancelled mid-run');
  assert.deepEqual(await engine.runningScores(), [], 'an ended run is not listed');
  assert.match(String(await deleting), /a worklist run is scoring with 'small': cancel it \(or let it finish\) before deleting the model/);
  await assert.rejects(engine.deleteModel('small'), (e: Error) => /active model/.test(e.message) && !/worklist run/.test(e.message), 'once it ended, only the usual rules');
  // The same answer through the doors (web host, IPC), which take a query object or nothing.
  assert.deepEqual(await dispatch(engine, 'runningScores', []), { ok: true, value: [] });
  assert.deepEqual(await dispatch(engine, 'runningScores', [{ rows: false, like: { folder } }]), { ok: true, value: [] });
  const refused = await dispatch(engine, 'runningScores', ['score-1']);
  assert.equal(refused.ok, false);
});

test('RunningScores lists the newest run first, and forgets each at its end', () => {
  const running = new RunningScores();
  running.started('score-a', { folder: '/a' }, 'm');
  running.started('score-b', { folder: '/b', oneView: true }, 'm');
  running.record({ type: 'job:progress', jobId: 'score-a', kind: 'score', done: 3, total: 9, etaMs: 1000, imagesPerSecond: 2 });
  const rowsOf = (id: string) => (id === 'score-a' ? [{ file: '/a/1.png', probability: 0.5, label: null, threshold: 0.5, model: 'm', error: null, warnings: [], attributes: {} }] : []);
  const listed = running.list(rowsOf);
  assert.deepEqual(listed.map((r) => [r.jobId, r.rows.length, r.latest?.done ?? null]), [
    ['score-b', 0, null],
    ['score-a', 1, 3],
  ]);
  assert.deepEqual(running.list(rowsOf, { rows: false }).map((r) => r.rows.length), [0, 0], 'rows: false');
  assert.deepEqual(running.list(rowsOf, { rowsFrom: 1 }).map((r) => r.rows.length), [0, 0], 'rowsFrom past the rows held');
  assert.deepEqual(running.list(rowsOf, { like: { folder: '/b/', oneView: true } }, 'm').map((r) => r.jobId), ['score-b'], 'like: the run a start would repeat');
  assert.deepEqual(running.list(rowsOf, { like: { folder: '/b', oneView: true } }, 'other').map((r) => r.jobId), [], 'like, with another model');
  assert.deepEqual(running.list(rowsOf, { like: { folder: '/b', oneView: true } }, null).map((r) => r.jobId), [], 'like, with no model to use');
  running.record({ type: 'job:end', jobId: 'score-b', kind: 'score', outcome: 'cancelled' });
  assert.deepEqual(running.list(rowsOf).map((r) => r.jobId), ['score-a']);
});

test('sameScoreRun: the same folder resolved, sub-folders, recursive, one view, shard and model', () => {
  const a = { folder: '/data/x', recursive: true };
  assert.ok(sameScoreRun(a, 'm', { folder: '/data/./x/', recursive: true, label: 'relabelled' }, 'm'));
  assert.ok(sameScoreRun({ folder: '/data/x' }, 'm', { folder: '/data/y/../x', recursive: false, oneView: false }, 'm'), 'absent is false');
  assert.ok(!sameScoreRun(a, 'm', { folder: '/data/x' }, 'm'), 'recursive');
  assert.ok(!sameScoreRun(a, 'm', { ...a, oneView: true }, 'm'), 'one view');
  assert.ok(!sameScoreRun(a, 'm', a, 'n'), 'model');
  assert.ok(!sameScoreRun(a, 'm', { ...a, subfolders: ['s1'] }, 'm'), 'sub-folders');
  assert.ok(!sameScoreRun({ ...a, subfolders: ['s1', 's2'] }, 'm', { ...a, subfolders: ['s2', 's1'] }, 'm'), 'sub-folders in another order');
  assert.ok(!sameScoreRun(a, 'm', { ...a, shard: { index: 0, count: 2 } }, 'm'), 'shard');
  assert.ok(!sameScoreRun(a, 'm', { folder: '/data/x2', recursive: true }, 'm'), 'folder');
});

test('last-run.json: a second run beside the first never loses the first one\'s end; an end records its own counts', async () => {
  const home = join(await tempDir('alveo-lastrun-'), 'home');
  const recorder = new LastScoreRunRecorder(home);
  const result = (done: number, total: number) => ({ folder: '/a', model: 'm', total, scored: done, failed: 0, fromCache: 0, cancelled: true, ms: 5 });
  recorder.started('score-a', { folder: '/a' }, 'm');
  recorder.started('score-b', { folder: '/b' }, 'm');
  recorder.record({ type: 'job:end', jobId: 'score-b', kind: 'score', outcome: 'cancelled', result: result(4, 10) });
  await recorder.flushed();
  assert.deepEqual(await readLastScoreRun(home).then((r) => [r?.folder, r?.outcome]), ['/a', 'interrupted'], 'the run still going is the one a crash would offer');
  recorder.record({ type: 'job:progress', jobId: 'score-a', kind: 'score', done: 6, total: 20, etaMs: null });
  recorder.record({ type: 'job:end', jobId: 'score-a', kind: 'score', outcome: 'cancelled', result: result(7, 20) });
  await recorder.flushed();
  assert.deepEqual(await readLastScoreRun(home).then((r) => [r?.folder, r?.outcome, r?.done, r?.total]), ['/a', 'cancelled', 7, 20]);
});
