// The PACS cache against a real Orthanc: a study that gained an image on the PACS after it was
// retrieved gets only that image fetched (by C-GET, C-MOVE and WADO-RS; the cached ones stay the
// same files), an image deleted on the PACS leaves the cache, a node that cannot list or send
// single images gets the whole study again (said why), an unchanged study comes from the cache
// without a transfer, an unreachable node still gets the cached copy (said so), and the cache is
// private (folders 0700, files 0600, an older world-readable cache tightened when touched).
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readdir, rm, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createEngine, sourceTreeDeps, type Engine } from '../../../src-main/engine/index';
import { openPacsClient } from '../../../src-main/engine/pacs/open-pacs-client';
import type { PacsClient } from '../../../src-main/engine/pacs/pacs-client';
import { cachedStudy, openPacsCache } from '../../../src-main/engine/pacs/pacs-cache';
import { cacheFreshness } from '../../../src-main/engine/pacs/pacs-cache-freshness';
import { updateCachedStudy } from '../../../src-main/engine/pacs/pacs-cache-update';
import { pacsError } from '../../../src-main/engine/pacs/pacs-error';
import { parsePacsNode } from '../../../src-main/engine/pacs/pacs-node';
import type { StudyMatch } from '../../../src-main/engine/pacs/study-query';
import { writeCrSeries } from './support/cr-series';
import { deleteOnPacs as deleteInstance } from './support/delete-on-pacs';
import { dicomToolsMissing } from './support/dicom-tools';
import { freePort, orthancMissing, startOrthanc, type Orthanc } from './support/orthanc';
import { retrieveJob, type Progress } from './support/retrieve-job';

const skip = orthancMissing() || dicomToolsMissing();
const STUDY = '1.2.826.0.1.3680043.2.1125.66.7';
/** A second study for the incremental updates, so the tests above keep their counts. */
const STUDY2 = '1.2.826.0.1.3680043.2.1125.66.8';
const MOVE_AE = 'ALVEOCACHEMV';
let pacs: Orthanc;
let movePort: number;
let dir: string;
let engine: Engine;
let files: string[] = [];
let files2: string[] = [];
const home = () => join(dir, 'home');
const cacheDir = () => join(home(), 'pacs', 'cache');

/** Runs a retrieve job to its end, with the progress messages (and reports) it sent. */
const retrieve = (nodeId: string, study = STUDY) => retrieveJob(engine, nodeId, study);

/** The transfer reports of a retrieve: every one counts against `total` images to fetch. */
function assertFetchedOnly(progress: Progress[], total: number): void {
  const transfer = progress.filter((p) => p.message.startsWith('retrieving'));
  assert.ok(transfer.length > 0, 'a transfer was reported');
  for (const p of transfer) assert.ok(p.total === total && p.done <= total, `${p.done}/${p.total} ${p.message}`);
  assert.equal(transfer.at(-1)!.done, total);
}

const inode = async (f: string) => (await stat(f)).ino;
const names = (fs: string[] | undefined) => (fs ?? []).map((f) => f.split('/').pop());

/** Deletes an instance on the PACS (Orthanc's REST API). */
const deleteOnPacs = (sopInstanceUid: string) => deleteInstance(pacs, sopInstanceUid);

const mode = async (p: string) => (await stat(p)).mode & 0o777;

before(async () => {
  if (skip) return;
  dir = await mkdtemp(join(tmpdir(), 'alveo-pacs-cache-'));
  movePort = await freePort();
  pacs = await startOrthanc({ moveDestinations: { [MOVE_AE]: movePort } });
  engine = createEngine(sourceTreeDeps({ userDir: home() }));
  files = await writeCrSeries(dir, { count: 2, study: STUDY, patientId: 'CACHE-1', patientName: 'Cache^Test', lowStep: 40 });
  await mkdir(join(dir, 'two'));
  files2 = await writeCrSeries(join(dir, 'two'), { count: 4, study: STUDY2, patientId: 'CACHE-2', patientName: 'Cache^Two', lowStep: 30 });
});
after(async () => {
  if (skip) return;
  await engine.dispose();
  await pacs.stop();
  await rm(dir, { recursive: true, force: true });
});

test('a study that gained an image on the PACS gets only that image (C-GET); an unchanged one is served from the cache without a transfer', { skip }, async () => {
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

  // A second image reaches the same study on the PACS: the next retrieve fetches it, and only it.
  assert.ok((await store.store([files[1]])).every((s) => s.ok));
  const grown = await retrieve(dimse.id);
  assert.equal(grown.end.result?.cached, false, 'not served stale from the cache');
  assert.deepEqual(names(grown.end.result?.files), [`${STUDY}.1.1.dcm`, `${STUDY}.1.2.dcm`]);
  assert.match(grown.end.result?.note ?? '', /^dimse \(ORTHANC@127\.0\.0\.1:\d+\) holds 2 images of the study, the cache 1: fetched the new one$/);
  assert.ok(grown.messages.some((m) => /^retrieving the new image from dimse /.test(m)));
  assertFetchedOnly(grown.progress, 1);
  // The cached image was not transferred again: the same file (inode, time) is in the new folder.
  const kept = await stat(grown.end.result!.files[0]);
  assert.equal(kept.ino, before1.ino);
  assert.equal(kept.mtimeMs, before1.mtimeMs);
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

/** A client whose study search answers `find`, and instance list `list` (a node that cannot list by default). */
function fakeClient(find: () => Promise<StudyMatch[]>, list?: string[]): PacsClient {
  const unused = () => Promise.reject(new Error('not expected'));
  const findInstances = list ? async () => list.map((sopInstanceUid) => ({ sopInstanceUid, seriesInstanceUid: `${STUDY}.1` })) : unused;
  return { node: parsePacsNode('FAKE@127.0.0.1:1'), echo: unused, findStudies: find, retrieveStudy: unused, findInstances, retrieveInstances: unused, store: unused };
}
/** Three cached files, named by their SOP Instance UIDs as the cache names them. */
const THREE = ['a', 'b', 'c'].map((x) => `/cache/${STUDY}/${STUDY}.9.${x}.dcm`);
const match = (instances: number | null): StudyMatch => ({ studyInstanceUid: STUDY, patientId: '', patientName: '', studyDate: '', modalities: [], description: '', instances });

test('freshness: same count and same images serve the cache; another count, or none said, updates it (said why); gone or unreachable serves it, said', async () => {
  const signal = new AbortController().signal;
  assert.deepEqual(await cacheFreshness(fakeClient(async () => [match(3)]), STUDY, THREE, signal), { fresh: true });
  // The same count, but one image replaced by another: not fresh, said so. The same images, or a
  // list cut short, serve the cache.
  const uids = THREE.map((f) => f.split('/').pop()!.replace(/\.dcm$/, ''));
  // The list it made goes with the answer: the update does not ask the PACS for it again.
  const replaced = [uids[0], uids[1], `${STUDY}.9.d`];
  assert.deepEqual(await cacheFreshness(fakeClient(async () => [match(3)], replaced), STUDY, THREE, signal), {
    fresh: false,
    note: 'FAKE@127.0.0.1:1 holds an image of the study that the cache does not (the same count, 3)',
    instances: 3,
    listed: replaced.map((sopInstanceUid) => ({ sopInstanceUid, seriesInstanceUid: `${STUDY}.1` })),
  });
  assert.deepEqual(await cacheFreshness(fakeClient(async () => [match(3)], [...uids].reverse()), STUDY, THREE, signal), { fresh: true });
  assert.deepEqual(await cacheFreshness(fakeClient(async () => [match(3)], [`${STUDY}.9.d`]), STUDY, THREE, signal), { fresh: true });
  assert.equal((await cacheFreshness(fakeClient(async () => [match(4)]), STUDY, THREE, signal)).fresh, false);
  assert.equal((await cacheFreshness(fakeClient(async () => [match(2)]), STUDY, THREE, signal)).fresh, false);
  assert.match((await cacheFreshness(fakeClient(async () => [match(4)]), STUDY, THREE, signal)).note ?? '', /^FAKE@127\.0\.0\.1:1 holds 4 images of the study, the cache 3$/);
  assert.match((await cacheFreshness(fakeClient(async () => [match(null)]), STUDY, THREE, signal)).note ?? '', /does not say how many images/);
  // The PACS's count goes with it: the update checks the PACS's instance list against it.
  assert.deepEqual(await cacheFreshness(fakeClient(async () => [match(4)]), STUDY, THREE, signal), { fresh: false, note: 'FAKE@127.0.0.1:1 holds 4 images of the study, the cache 3', instances: 4 });
  const gone = await cacheFreshness(fakeClient(async () => []), STUDY, THREE, signal);
  assert.equal(gone.fresh, true);
  assert.match(gone.note ?? '', /no longer on/);
  const down = await cacheFreshness(fakeClient(() => Promise.reject(new Error('PACS X: unreachable'))), STUDY, THREE, signal);
  assert.equal(down.fresh, true);
  assert.match(down.note ?? '', /could not check .*unreachable/);
  // A cancelled job is not answered with the cache: the cancel goes through.
  const cancelled = new AbortController();
  cancelled.abort();
  await assert.rejects(cacheFreshness(fakeClient(() => Promise.reject(new Error('cancelled'))), STUDY, THREE, cancelled.signal), /cancelled/);
});

test('WADO-RS and C-MOVE fetch only the new images; an image deleted on the PACS leaves the cache', { skip }, async () => {
  const store = openPacsClient(parsePacsNode(pacs.dimse));
  const web = await engine.savePacsNode({ name: 'web2', address: pacs.dicomWeb, username: pacs.user, password: pacs.password });
  const mover = await engine.savePacsNode({ name: 'mover', address: pacs.dimse, callingAe: MOVE_AE, movePort });
  const getter = await engine.savePacsNode({ name: 'getter', address: pacs.dimse, callingAe: 'ALVEOCACHE' });
  const [one, two, three, four] = [1, 2, 3, 4].map((i) => `${STUDY2}.1.${i}.dcm`);
  assert.ok((await store.store([files2[0]])).every((s) => s.ok));
  const first = await retrieve(web.id, STUDY2);
  assert.deepEqual(names(first.end.result?.files), [one]);
  const folder = first.end.result!.folder;
  const ino1 = await inode(join(folder, one));

  // DICOMweb: one WADO-RS instance fetched, the cached file kept as it is.
  assert.ok((await store.store([files2[1]])).every((s) => s.ok));
  const byWeb = await retrieve(web.id, STUDY2);
  assert.equal(byWeb.end.result?.cached, false);
  assert.deepEqual(names(byWeb.end.result?.files), [one, two]);
  assert.match(byWeb.end.result?.note ?? '', /^web2 \(http:.*\) holds 2 images of the study, the cache 1: fetched the new one$/);
  assertFetchedOnly(byWeb.progress, 1);
  assert.equal(await inode(join(folder, one)), ino1);
  const ino2 = await inode(join(folder, two));

  // C-MOVE: one IMAGE-level move listing both new images, the two cached files kept.
  assert.ok((await store.store([files2[2], files2[3]])).every((s) => s.ok));
  const byMove = await retrieve(mover.id, STUDY2);
  assert.deepEqual(names(byMove.end.result?.files), [one, two, three, four]);
  assert.match(byMove.end.result?.note ?? '', /^mover \(ORTHANC@.*\) holds 4 images of the study, the cache 2: fetched the 2 new ones$/);
  assertFetchedOnly(byMove.progress, 2);
  assert.ok(byMove.messages.some((m) => m.startsWith('retrieving 2 new images from mover')));
  assert.equal(await inode(join(folder, one)), ino1);
  assert.equal(await inode(join(folder, two)), ino2);
  const ino3 = await inode(join(folder, three));

  // Deleted on the PACS: gone from the cache too, nothing transferred, the rest kept.
  await deleteOnPacs(`${STUDY2}.1.2`);
  const shrunk = await retrieve(getter.id, STUDY2);
  assert.deepEqual(names(shrunk.end.result?.files), [one, three, four]);
  assert.deepEqual(await readdir(folder), [one, three, four]);
  assert.match(shrunk.end.result?.note ?? '', /holds 3 images of the study, the cache 4: removed the one it no longer holds$/);
  assert.equal(shrunk.end.result?.cached, true, 'nothing was fetched');
  assert.ok(!shrunk.messages.some((m) => m.startsWith('retrieving')), 'no transfer');
  assert.equal(await inode(join(folder, one)), ino1);
  assert.equal(await inode(join(folder, three)), ino3);
  for (const f of await readdir(folder)) assert.equal(await mode(join(folder, f)), 0o600);
  assert.equal(await mode(folder), 0o700);
  assert.deepEqual((await readdir(cacheDir())).filter((n) => n.startsWith('.')), [`.partial-${STUDY}-00c0ffee`], 'no staging left behind');

  // One image replaced by another on the PACS: the same count (3), other images. The new one is
  // fetched, the deleted one leaves, the rest stay the same files.
  await deleteOnPacs(`${STUDY2}.1.4`);
  assert.ok((await store.store([files2[1]])).every((s) => s.ok));
  const swapped = await retrieve(getter.id, STUDY2);
  assert.deepEqual(names(swapped.end.result?.files), [one, two, three]);
  assert.deepEqual(await readdir(folder), [one, two, three]);
  assert.match(swapped.end.result?.note ?? '', /holds an image of the study that the cache does not \(the same count, 3\): fetched the new one and removed the one it no longer holds$/);
  assertFetchedOnly(swapped.progress, 1);
  assert.equal(await inode(join(folder, one)), ino1);
  assert.equal(await inode(join(folder, three)), ino3);
  // Unchanged now: served from the cache, nothing transferred.
  const unchanged = await retrieve(getter.id, STUDY2);
  assert.equal(unchanged.end.result?.cached, true);
  assert.ok(!unchanged.messages.some((m) => m.startsWith('retrieving')), 'no transfer');
  // And back, over DICOMweb (the next test starts from one, three, four).
  await deleteOnPacs(`${STUDY2}.1.2`);
  assert.ok((await store.store([files2[3]])).every((s) => s.ok));
  const back = await retrieve(web.id, STUDY2);
  assert.deepEqual(names(back.end.result?.files), [one, three, four]);
  assertFetchedOnly(back.progress, 1);
});

test('a node that cannot list the study, or send single images, gets the whole study again, said why', { skip }, async () => {
  const cache = await openPacsCache(home());
  const folder = join(cache, STUDY2);
  const real = openPacsClient(parsePacsNode(pacs.dimse, { callingAe: 'ALVEOCACHE' }));
  const say = () => {};
  const signal = new AbortController().signal;
  const [one, three, four] = [1, 3, 4].map((i) => `${STUDY2}.1.${i}.dcm`);
  const lose = (...names: string[]) => Promise.all(names.map((n) => rm(join(folder, n))));
  const reason = 'X holds 3 images of the study, the cache 1';
  const stale = { note: reason, instances: 3 };

  // The real client first: one C-GET at IMAGE level listing both missing images.
  await lose(three, four);
  const ino1 = await inode(join(folder, one));
  const byGet = await updateCachedStudy(real, cache, STUDY2, (await cachedStudy(folder))!, stale, { signal, say });
  assert.deepEqual(byGet, { fetched: 2, note: `${reason}: fetched the 2 new ones` });
  assert.deepEqual(await readdir(folder), [one, three, four]);
  assert.equal(await inode(join(folder, one)), ino1);

  // The PACS's answers are real; only the listing (then the single-image retrieve) is refused.
  await lose(three, four);
  const cannotList: PacsClient = { ...real, findInstances: () => Promise.reject(pacsError(real.node, 'refused', 'C-FIND failed with status 0xc000')) };
  const listed = await updateCachedStudy(cannotList, cache, STUDY2, (await cachedStudy(folder))!, stale, { signal, say });
  assert.equal(listed.note, `${reason}: retrieved it again (the study's images could not be listed: C-FIND failed with status 0xc000)`);
  assert.equal(listed.fetched, 3);
  assert.deepEqual(await readdir(folder), [one, three, four]);
  assert.notEqual(await inode(join(folder, one)), ino1, 'transferred again');

  await lose(three, four);
  const cannotSendOne: PacsClient = { ...real, retrieveInstances: () => Promise.reject(pacsError(real.node, 'refused', 'C-GET failed with status 0xa900')) };
  const single = await updateCachedStudy(cannotSendOne, cache, STUDY2, (await cachedStudy(folder))!, stale, { signal, say });
  assert.equal(single.note, `${reason}: retrieved it again (the new images could not be fetched alone: C-GET failed with status 0xa900)`);
  assert.deepEqual(await readdir(folder), [one, three, four]);
  assert.deepEqual((await readdir(cache)).filter((n) => n.startsWith('.')), [`.partial-${STUDY}-00c0ffee`], 'no staging left behind');
});
