// trackJob (the renderer's one way to follow a job) against the real engine behind the real
// dispatch, through the renderer's own API client. The transport answers calls late, as a web host
// can when the WebSocket's events beat the HTTP answer: events that arrive before the job id is
// known must be held and replayed, and events of other jobs must not leak in.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import type { ScoreRow } from '../../../../src-main/api/contract';
import type { JobProgress } from '../../../../src-main/api/jobs';
import type { ApiEvent, ApiTransport } from '../../../../src-main/api/transport';
import { createEngine, type Engine } from '../../../../src-main/engine/index';
import { getTf } from '../../../../src-main/engine/model/tf-backend';
import { dispatch } from '../../../../src-main/hosts/dispatch';
import { createApiClient } from '../../../../src-renderer/src/lib/api/create-api-client';
import { trackJob } from '../../../../src-renderer/src/lib/state/track-job';
import { writeGrayPng } from '../../../engine/inference/support/draw-png';
import { saveSmallModel } from '../../../engine/inference/support/small-resnet';

/** Enough images that scoring spans several batches, so a cancel lands mid-run. */
const IMAGES = 40;
let dir: string;
let folder: string;
let engine: Engine;

/** The engine behind the real dispatch; every answer comes `delayMs` after the engine gave it. */
function slowTransport(delayMs: number): ApiTransport {
  return {
    async call(method, args) {
      const envelope = await dispatch(engine, method, args);
      await new Promise((r) => setTimeout(r, delayMs));
      return envelope;
    },
    onEvent: (listener: (e: ApiEvent) => void) => engine.subscribe(listener),
  };
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-track-job-'));
  folder = join(dir, 'studies');
  await mkdir(folder);
  await mkdir(join(dir, 'builtin'));
  await saveSmallModel(await getTf('wasm'), { builtInDir: join(dir, 'builtin'), userDir: join(dir, 'home'), id: 'small', seed: 4 });
  for (let i = 0; i < IMAGES; i++) await writeGrayPng(join(folder, `s${String(i).padStart(2, '0')}.png`), 64, 64, [{ top: i, left: 10, height: 12, width: 30, value: 200 }], 40);
  engine = createEngine({ builtInModelsDir: join(dir, 'builtin'), userDir: join(dir, 'home'), backend: 'wasm' });
  await engine.setActiveModel('small');
});
after(async () => {
  await engine.dispose();
  await rm(dir, { recursive: true, force: true });
});

test('events that arrive before the job id is known are replayed in order; the end is typed by kind', async () => {
  const api = createApiClient(slowTransport(400));
  // Another job's events must not reach this tracker.
  const other = await engine.startScore({ folder });
  const rows: ScoreRow[] = [];
  const progress: JobProgress<'score'>[] = [];
  const tracked = await trackJob(api, 'score', () => api.startScore({ folder }), {
    row: (r) => rows.push(r),
    progress: (p) => progress.push(p),
    end: () => undefined,
  });
  const end = await tracked.ended;
  await engine.waitForJob(other.jobId);
  assert.equal(end.kind, 'score');
  assert.equal(end.outcome, 'done', end.error);
  assert.equal(end.jobId, tracked.jobId);
  const names = rows.map((r) => basename(r.file));
  assert.equal(names.length, IMAGES, 'each row once, none of the other job');
  assert.equal(new Set(names).size, IMAGES);
  assert.equal(end.result?.scored, IMAGES);
  assert.equal(progress.at(-1)?.done, IMAGES);
  assert.ok(progress.every((p) => p.jobId === tracked.jobId));
});

test('a cancelled job ends cancelled and still hands over its result; a failed start rejects', async () => {
  const api = createApiClient(slowTransport(0));
  let rows = 0;
  // Handlers run only after trackJob's first await, by when `started` is assigned.
  const started = trackJob(api, 'score', () => api.startScore({ folder }), {
    row: () => {
      if (++rows === 1) void started.then((t) => api.cancelJob(t.jobId, 'keep'));
    },
    end: () => undefined,
  });
  const end = await (await started).ended;
  assert.ok(rows < IMAGES, `${rows} rows: the cancel landed mid-run`);
  assert.equal(end.outcome, 'cancelled');
  assert.equal(end.result?.cancelled, true);
  assert.equal((end.result?.scored ?? 0) + (end.result?.failed ?? 0), rows, 'the result counts the rows that were sent');
  await assert.rejects(trackJob(api, 'score', () => api.startScore({ folder: join(dir, 'missing') }), { end: () => undefined }), /folder not found/);
});
