// The PACS cache against a real Orthanc: a study that gained an image on the PACS after it was
// retrieved is retrieved again (not served stale), an unchanged one comes from the cache without a
// transfer, an unreachable node still gets the cached copy (said so), and the cache is private
// (folders 0700, files 0600, an older world-readable cache tightened when touched).
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readdir, rm, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { JobEnd, JobProgress } from '../../../src-main/api/jobs';
import { createEngine, sourceTreeDeps, type Engine } from '../../../src-main/engine/index';
import { openPacsClient } from '../../../src-main/engine/pacs/open-pacs-client';
import type { PacsClient } from '../../../src-main/engine/pacs/pacs-client';
import { cacheFreshness } from '../../../src-main/engine/pacs/pacs-cache-freshness';
import { parsePacsNode } from '../../../src-main/engine/pacs/pacs-node';
import type { StudyMatch } from '../../../src-main/engine/pacs/study-query';
import { writeCrSeries } from './support/cr-series';
import { dicomToolsMissing } from './support/dicom-tools';
import { freePort, orthancMissing, startOrthanc, type Orthanc } from './support/orthanc';

const skip = orthancMissing() || dicomToolsMissing();
const STUDY = '1.2.826.0.1.3680043.2.1125.66.7';
let pacs: Orthanc;
let dir: string;
let engine: Engine;
let files: string[] = [];
const home = () => join(dir, 'home');
const cacheDir = () => join(home(), 'pacs', 'cache');

type Ended = JobEnd<'retrieve'> & { result?: { note?: string } };

/** Runs a retrieve job to its end, with the progress messages it sent. */
async function retrieve(nodeId: string): Promise<{ end: Ended; messages: string[] }> {
  const messages: string[] = [];
  const { jobId } = await engine.startPacsRetrieve({ nodeId, studyInstanceUid: STUDY });
  const end = await new Promise<Ended>((resolve) => {
    const off = engine.subscribe((e) => {
      if (e.type === 'job:progress' && e.jobId === jobId) messages.push((e as JobProgress).message ?? '');
      if (e.type === 'job:end' && e.jobId === jobId) {
        off();
        resolve(e as Ended);
      }
    });
  });
  assert.equal(end.outcome, 'done', end.outcome === 'failed' ? end.error : undefined);
  return { end, messages };
}

const mode = async (p: string) => (await stat(p)).mode & 0o777;

before(async () => {
  if (skip) return;
  dir = await mkdtemp(join(tmpdir(), 'alveo-pacs-cache-'));
  pacs = await startOrthanc();
  engine = createEngine(sourceTreeDeps({ userDir: home() }));
  files = await writeCrSeries(dir, { count: 2, study: STUDY, patientId: 'CACHE-1', patientName: 'Cache^Test', lowStep: 40 });
});
after(async () => {
  if (skip) return;
  await engine.dispose();
  await pacs.stop();
  await rm(dir, { recursive: true, force: true });
});

test('a study that gained an image on the PACS is retrieved again; an unchanged one is served from the cache without a transfer', { skip }, async () => {
  const store = openPacsClient(parsePacsNode(pacs.dimse));
  assert.ok((await store.store([files[0]])).every((s) => s.ok));
  const web = await engine.savePacsNode({ name: 'web', address: pacs.dicomWeb, username: pacs.user, password: pacs.password });
  const dimse = await engine.savePacsNode({ name: 'dimse', address: pacs.dimse, callingAe: 'ALVEOCACHE' });

  const first = await retrieve(web.id);
  assert.equal(first.end.result?.cached, false);
  assert.equal(first.end.result?.files.length, 1);
  const before1 = await stat(first.end.result!.files[0]);

  // Nothing changed: the cache answers, no instance is transferred or rewritten.
  const same = await retrieve(dimse.id);
  assert.equal(same.end.result?.cached, true);
  assert.deepEqual(same.end.result?.files, first.end.result?.files);
  assert.equal(same.end.result?.note, undefined);
  assert.ok(!same.messages.some((m) => m.startsWith('retrieving')), 'no transfer for an unchanged study');
  const after1 = await stat(first.end.result!.files[0]);
  assert.equal(after1.ino, before1.ino);
  assert.equal(after1.mtimeMs, before1.mtimeMs);

  // A second image reaches the same study on the PACS: the next retrieve fetches it.
  assert.ok((await store.store([files[1]])).every((s) => s.ok));
  const grown = await retrieve(dimse.id);
  assert.equal(grown.end.result?.cached, false, 'not served stale from the cache');
  assert.deepEqual(grown.end.result?.files.map((f) => f.split('/').pop()), [`${STUDY}.1.1.dcm`, `${STUDY}.1.2.dcm`]);
  assert.match(grown.end.result?.note ?? '', /holds 2 images of the study, the cache 1: retrieved it again/);
  assert.ok(grown.messages.some((m) => m.startsWith('retrieving')));
  // Swapped in whole: no staging or old copy left behind.
  assert.deepEqual(await readdir(cacheDir()), [STUDY]);

  const again = await retrieve(web.id);
  assert.equal(again.end.result?.cached, true);
  assert.equal(again.end.result?.files.length, 2);
  assert.ok(!again.messages.some((m) => m.startsWith('retrieving')));
});

test('an unreachable node still gets the cached copy, and the result says it could not be checked', { skip }, async () => {
  const dead = await engine.savePacsNode({ name: 'Dead', address: `DEAD@127.0.0.1:${await freePort()}` });
  const r = await retrieve(dead.id);
  assert.equal(r.end.result?.cached, true);
  assert.equal(r.end.result?.files.length, 2);
  assert.match(r.end.result?.note ?? '', /could not check the study for new images \(PACS Dead .*\): served the cached copy \(2 images\), which may be out of date/);
  assert.ok(r.messages.some((m) => m.startsWith('could not check')), 'said in the progress message too');
});

test('the cache is private: folders 0700, files 0600; a world-readable cache is tightened when touched', { skip }, async () => {
  const study = join(cacheDir(), STUDY);
  const cached = (await readdir(study)).map((f) => join(study, f));
  for (const d of [join(home(), 'pacs'), cacheDir(), study]) assert.equal(await mode(d), 0o700, d);
  for (const f of cached) assert.equal(await mode(f), 0o600, f);

  // A cache written before (755 folders, 644 files) is tightened by the next retrieve of the study.
  for (const d of [join(home(), 'pacs'), cacheDir(), study]) await chmod(d, 0o755);
  for (const f of cached) await chmod(f, 0o644);
  const web = (await engine.listPacsNodes()).find((n) => n.name === 'web')!;
  assert.equal((await retrieve(web.id)).end.result?.cached, true);
  for (const d of [join(home(), 'pacs'), cacheDir(), study]) assert.equal(await mode(d), 0o700, d);
  for (const f of cached) assert.equal(await mode(f), 0o600, f);

  // Staging folders a killed retrieve left (a day old) go; a fresh one (a retrieve under way) stays.
  const old = join(cacheDir(), `.partial-${STUDY}-0badf00d`);
  const fresh = join(cacheDir(), `.partial-${STUDY}-00c0ffee`);
  for (const d of [old, fresh]) await mkdir(d);
  const dayAgo = new Date(Date.now() - 24 * 3600 * 1000);
  await utimes(old, dayAgo, dayAgo);
  await retrieve(web.id);
  assert.deepEqual((await readdir(cacheDir())).filter((n) => n.startsWith('.')), [`.partial-${STUDY}-00c0ffee`]);
});

/** A client whose study search answers `find` (nothing else is asked of it). */
function fakeClient(find: () => Promise<StudyMatch[]>): PacsClient {
  const unused = () => Promise.reject(new Error('not expected'));
  return { node: parsePacsNode('FAKE@127.0.0.1:1'), echo: unused, findStudies: find, retrieveStudy: unused, store: unused };
}
const match = (instances: number | null): StudyMatch => ({ studyInstanceUid: STUDY, patientId: '', patientName: '', studyDate: '', modalities: [], description: '', instances });

test('freshness: same count serves the cache; another count, or none said, retrieves again; gone or unreachable serves it, said', async () => {
  const signal = new AbortController().signal;
  assert.deepEqual(await cacheFreshness(fakeClient(async () => [match(3)]), STUDY, 3, signal), { fresh: true });
  assert.equal((await cacheFreshness(fakeClient(async () => [match(4)]), STUDY, 3, signal)).fresh, false);
  assert.equal((await cacheFreshness(fakeClient(async () => [match(2)]), STUDY, 3, signal)).fresh, false);
  assert.match((await cacheFreshness(fakeClient(async () => [match(null)]), STUDY, 3, signal)).note ?? '', /does not say how many images/);
  const gone = await cacheFreshness(fakeClient(async () => []), STUDY, 3, signal);
  assert.equal(gone.fresh, true);
  assert.match(gone.note ?? '', /no longer on/);
  const down = await cacheFreshness(fakeClient(() => Promise.reject(new Error('PACS X: unreachable'))), STUDY, 3, signal);
  assert.equal(down.fresh, true);
  assert.match(down.note ?? '', /could not check .*unreachable/);
  // A cancelled job is not answered with the cache: the cancel goes through.
  const cancelled = new AbortController();
  cancelled.abort();
  await assert.rejects(cacheFreshness(fakeClient(() => Promise.reject(new Error('cancelled'))), STUDY, 3, cancelled.signal), /cancelled/);
});
