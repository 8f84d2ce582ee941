// The 'dicom-results' job (the worklist's "Save results as DICOM…"): through the real engine and
// the shipped model, each DICOM gets an SR + Grad-CAM capture in the folder, a PNG is counted as
// skipped (nothing to attach to), an unreadable file is listed as failed with why; progress
// reaches the end; a cancelled run stops between files.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { JobEnd, JobProgress } from '../../../src-main/api/jobs';
import { createEngine, sourceTreeDeps, type Engine } from '../../../src-main/engine/index';
import { writeCrSeries } from './support/cr-series';
import { writeGrayPng } from '../inference/support/draw-png';

let dir: string;
let engine: Engine;
const files: string[] = [];
const STUDY = '1.2.826.0.1.3680043.2.1125.77.1';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-dicom-results-job-'));
  engine = createEngine(sourceTreeDeps({ userDir: join(dir, 'home') }));
  files.push(...(await writeCrSeries(dir, { count: 2, study: STUDY, patientId: 'JOB-1', patientName: 'Job^Test', lowStep: 50 })));
  const png = join(dir, 'plain.png');
  await writeGrayPng(png, 64, 64, [{ top: 10, left: 10, height: 20, width: 20, value: 200 }], 30);
  const junk = join(dir, 'notes.dcm');
  await writeFile(junk, 'not an image at all');
  files.push(png, junk);
});
after(async () => {
  await engine.dispose();
  await rm(dir, { recursive: true, force: true });
});

function run(spec: { files: string[]; outDir: string }, onProgress?: (p: JobProgress<'dicom-results'>, jobId: string) => void) {
  return new Promise<{ end: JobEnd<'dicom-results'>; progress: JobProgress<'dicom-results'>[] }>((resolve, reject) => {
    const progress: JobProgress<'dicom-results'>[] = [];
    let jobId = '';
    const off = engine.subscribe((e) => {
      if (!('jobId' in e) || e.jobId !== jobId) return;
      if (e.type === 'job:progress' && e.kind === 'dicom-results') {
        progress.push(e);
        onProgress?.(e, jobId);
      } else if (e.type === 'job:end' && e.kind === 'dicom-results') {
        off();
        resolve({ end: e, progress });
      }
    });
    engine.startDicomResults(spec).then((r) => (jobId = r.jobId), reject);
  });
}

test('each DICOM gets an SR and a capture; a PNG is skipped; an unreadable file is named with why', async () => {
  const outDir = join(dir, 'out');
  const { end, progress } = await run({ files, outDir });
  assert.equal(end.outcome, 'done', end.error);
  assert.equal(end.result?.written, 2);
  assert.equal(end.result?.skipped, 1);
  assert.deepEqual(end.result?.failed.map((f) => f.file), [files[3]]);
  const why = end.result?.failed[0].error ?? '';
  assert.ok(why.length > 0 && !why.startsWith(files[3]), `the failure says why, without repeating the file: ${why}`);
  const written = (await readdir(outDir)).sort();
  assert.equal(written.filter((f) => /^SR_2\.25\.\d+\.dcm$/.test(f)).length, 2);
  assert.equal(written.filter((f) => /^SC_2\.25\.\d+\.dcm$/.test(f)).length, 2);
  assert.equal(written.length, 4);
  assert.deepEqual(progress.at(-1) && [progress.at(-1)!.done, progress.at(-1)!.total], [4, 4]);
});

test('cancelled after the first file: the job ends cancelled with what was written so far', async () => {
  const outDir = join(dir, 'cancelled');
  const { end } = await run({ files, outDir }, (p, jobId) => {
    if (p.done === 1) void engine.cancelJob(jobId);
  });
  assert.equal(end.outcome, 'cancelled');
  assert.equal(end.result?.written, 1, 'the file in progress is finished, the rest left');
  assert.equal((await readdir(outDir)).length, 2);
});
