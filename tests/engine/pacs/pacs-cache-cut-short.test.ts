// The cache update against a real Orthanc whose answers are cut short: a DICOMweb server that caps
// each QIDO-RS answer is paged through; one that cannot list the whole study (Orthanc's
// LimitFindInstances) has no cached image dropped; an association the PACS closes or aborts before
// its final response fails (C-FIND, C-GET, C-MOVE) rather than passing for complete, and the job
// then serves the cached copy; a partial single-image retrieve falls back to the whole study; a
// node that does not answer leaves the cached copy served; a cached file gone meanwhile is fetched
// again.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createEngine, sourceTreeDeps, type Engine } from '../../../src-main/engine/index';
import { openPacsClient } from '../../../src-main/engine/pacs/open-pacs-client';
import type { InstanceRef, PacsClient } from '../../../src-main/engine/pacs/pacs-client';
import { cachedStudy, openPacsCache } from '../../../src-main/engine/pacs/pacs-cache';
import { updateCachedStudy } from '../../../src-main/engine/pacs/pacs-cache-update';
import { PacsError } from '../../../src-main/engine/pacs/pacs-error';
import { parsePacsNode } from '../../../src-main/engine/pacs/pacs-node';
import { writeCrSeries } from './support/cr-series';
import { C_FIND_RSP, C_GET_RSP, C_MOVE_RSP, C_STORE_RQ, dimseCutProxy, isPending, type CutProxy, type DimseCommand } from './support/dimse-cut-proxy';
import { freePort, orthancMissing, startOrthanc, type Orthanc } from './support/orthanc';
import { qidoCapProxy } from './support/qido-cap-proxy';
import { retrieveJob } from './support/retrieve-job';

const skip = orthancMissing();
const STUDY = '1.2.826.0.1.3680043.2.1125.66.9';
const MOVE_AE = 'ALVEOCUTMV';
const SOPS = [1, 2, 3, 4, 5].map((i) => `${STUDY}.1.${i}`);
const NAMES = SOPS.map((s) => `${s}.dcm`);
const REFS: InstanceRef[] = SOPS.map((sopInstanceUid) => ({ seriesInstanceUid: `${STUDY}.1`, sopInstanceUid }));
let pacs: Orthanc;
let movePort: number;
let dir: string;
let engine: Engine;
let files: string[] = [];
const home = () => join(dir, 'home');
const folder = () => join(home(), 'pacs', 'cache', STUDY);
const signal = new AbortController().signal;
const say = () => {};
const inode = async (f: string) => (await stat(f)).ino;
const web = (url: string) => ({ address: url, username: pacs.user, password: pacs.password });

/** The study cached whole (retrieved by C-GET from `from`), less `lose` (file names). */
async function cacheLess(from: Orthanc, ...lose: string[]): Promise<void> {
  await rm(folder(), { recursive: true, force: true });
  // One node per PACS, saved once: node names are unique.
  const name = `getter-${from.dicomPort}`;
  const node = (await engine.listPacsNodes()).find((n) => n.name === name) ?? (await engine.savePacsNode({ name, address: from.dimse, callingAe: 'ALVEOCUT' }));
  assert.deepEqual(await readdir((await retrieveJob(engine, node.id, STUDY)).end.result!.folder), NAMES);
  for (const name of lose) await rm(join(folder(), name));
}

/** A proxy in front of the Orthanc's DICOM port that ends the association at `cut`. */
const proxy = (cut: (c: DimseCommand) => boolean, how: 'close' | 'abort' = 'close') => dimseCutProxy({ host: '127.0.0.1', port: pacs.dicomPort }, cut, how);
const protocolError = (detail: RegExp) => (err: unknown) => err instanceof PacsError && err.failure === 'protocol' && detail.test(err.detail);

before(async () => {
  if (skip) return;
  dir = await mkdtemp(join(tmpdir(), 'alveo-pacs-cut-'));
  movePort = await freePort();
  pacs = await startOrthanc({ moveDestinations: { [MOVE_AE]: movePort } });
  engine = createEngine(sourceTreeDeps({ userDir: home() }));
  files = await writeCrSeries(dir, { count: 5, study: STUDY, patientId: 'CUT-1', patientName: 'Cut^Short', lowStep: 35 });
  assert.ok((await openPacsClient(parsePacsNode(pacs.dimse)).store(files)).every((s) => s.ok));
});
after(async () => {
  if (skip) return;
  await engine.dispose();
  await pacs.stop();
  await rm(dir, { recursive: true, force: true });
});

test('a DICOMweb server that caps each answer (2 results) is paged through: the whole study is listed, and retrieved', { skip }, async () => {
  const capped = await qidoCapProxy(pacs.dicomWeb, 2);
  try {
    const client = openPacsClient(parsePacsNode(capped.url, { username: pacs.user, password: pacs.password }));
    assert.deepEqual((await client.findInstances(STUDY)).map((i) => i.sopInstanceUid).sort(), SOPS);
    assert.ok(capped.queries.some((q) => /offset=4\b/.test(q)), capped.queries.join(' '));
    // A first retrieve (no cache) lists the study the same way.
    await rm(folder(), { recursive: true, force: true });
    const node = await engine.savePacsNode({ name: 'capped', ...web(capped.url) });
    const first = await retrieveJob(engine, node.id, STUDY);
    assert.deepEqual(await readdir(first.end.result!.folder), NAMES);
    assert.equal(first.end.result?.note, undefined);
  } finally {
    await capped.close();
  }
});

test('a PACS that lists fewer instances than it counts has no cached image dropped: only the listed missing one is fetched, said', { skip }, async () => {
  // Orthanc answers at most LimitFindInstances (+1) instances, whatever the offset: it cannot list all 5.
  const limited = await startOrthanc({ config: { LimitFindInstances: 2 } });
  try {
    assert.ok((await openPacsClient(parsePacsNode(limited.dimse)).store(files)).every((s) => s.ok));
    const client = openPacsClient(parsePacsNode(limited.dicomWeb, { username: limited.user, password: limited.password }));
    const listed = (await client.findInstances(STUDY)).map((i) => `${i.sopInstanceUid}.dcm`);
    assert.ok(listed.length > 0 && listed.length < 5, `Orthanc lists ${listed.length} of 5`);
    await cacheLess(limited, listed[0]);
    const kept = NAMES.filter((n) => n !== listed[0]);
    const inodes = await Promise.all(kept.map((n) => inode(join(folder(), n))));

    const node = await engine.savePacsNode({ name: 'limited', address: limited.dicomWeb, username: limited.user, password: limited.password });
    const r = await retrieveJob(engine, node.id, STUDY);
    assert.deepEqual(await readdir(folder()), NAMES);
    const at = String.raw`limited \(http://127\.0\.0\.1:${limited.httpPort}/dicom-web\)`;
    assert.match(r.end.result?.note ?? '', new RegExp(`^${at} holds 5 images of the study, the cache 4: ${at} listed only ${listed.length} of them, so no cached image was removed; fetched the new one$`));
    assert.deepEqual(await Promise.all(kept.map((n) => inode(join(folder(), n)))), inodes, 'the cached files were kept, not fetched');
  } finally {
    await limited.stop();
  }
});

test('an association the PACS closes or aborts before its final response fails (C-FIND, C-GET, C-MOVE), never passes for complete', { skip }, async () => {
  const cuts: CutProxy[] = [];
  try {
    // C-FIND closed after two of the five images were listed.
    const midList = await proxy((c) => c.field === C_FIND_RSP && c.index === 3);
    cuts.push(midList);
    const lister = openPacsClient(parsePacsNode(`ORTHANC@127.0.0.1:${midList.port}`, { callingAe: 'ALVEOCUT' }));
    await assert.rejects(lister.findInstances(STUDY), protocolError(/^the association ended before the PACS answered the C-FIND$/));
    assert.equal(midList.cuts.length, 1);

    // C-GET aborted (A-ABORT, the connection left open) when every image had come but its final response.
    const aborted = await proxy((c) => c.field === C_GET_RSP && !isPending(c.status), 'abort');
    cuts.push(aborted);
    const getter = openPacsClient(parsePacsNode(`ORTHANC@127.0.0.1:${aborted.port}`, { callingAe: 'ALVEOCUT', timeoutMs: 15_000 }));
    const t0 = Date.now();
    await assert.rejects(getter.retrieveInstances(STUDY, REFS.slice(0, 2), async () => {}), protocolError(/^the association ended before the PACS answered the C-GET \(the PACS aborted it\)$/));
    assert.ok(Date.now() - t0 < 5000, 'not left to time out');
    assert.equal(aborted.cuts.length, 1);

    // C-MOVE closed before its final response.
    const moveCut = await proxy((c) => c.field === C_MOVE_RSP && !isPending(c.status));
    cuts.push(moveCut);
    const mover = openPacsClient(parsePacsNode(`ORTHANC@127.0.0.1:${moveCut.port}`, { callingAe: MOVE_AE, movePort }));
    await assert.rejects(mover.retrieveInstances(STUDY, REFS.slice(0, 2), async () => {}), protocolError(/^the association ended before the PACS answered the C-MOVE$/));
    assert.equal(moveCut.cuts.length, 1);
  } finally {
    for (const c of cuts) await c.close();
  }
});

test('an update that fails half-way (the PACS ends the C-GET) leaves the job serving the cached copy, said', { skip }, async () => {
  await cacheLess(pacs, NAMES[4]);
  const before = await readdir(folder());
  const cut = await proxy((c) => c.field === C_STORE_RQ);
  try {
    const node = await engine.savePacsNode({ name: 'cut', address: `ORTHANC@127.0.0.1:${cut.port}`, callingAe: 'ALVEOCUT' });
    const r = await retrieveJob(engine, node.id, STUDY);
    assert.equal(r.end.result?.cached, true);
    assert.deepEqual(r.end.result?.files.map((f) => f.split('/').pop()), before);
    assert.match(
      r.end.result?.note ?? '',
      /^cut \(ORTHANC@127\.0\.0\.1:\d+\) holds 5 images of the study, the cache 4: could not bring it up to date \(the association ended before the PACS answered the C-GET\): served the cached copy, which may be out of date$/,
    );
    assert.equal(cut.cuts.length, 1, 'no second (whole) retrieve from the failing node');
    assert.deepEqual(await readdir(folder()), before);
  } finally {
    await cut.close();
  }
});

test('a node that does not answer the listing leaves the cached copy as it is, said; no whole retrieve is tried from it', { skip }, async () => {
  await cacheLess(pacs, NAMES[4]);
  const inodes = await Promise.all(NAMES.slice(0, 4).map((n) => inode(join(folder(), n))));
  // Accepts, then says nothing (a hung PACS): each try costs a whole timeout.
  const sockets: Socket[] = [];
  const silent = createServer((s) => sockets.push(s));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  try {
    const port = (silent.address() as { port: number }).port;
    const hung = openPacsClient(parsePacsNode(`ORTHANC@127.0.0.1:${port}`, { timeoutMs: 1000 }));
    const up = await updateCachedStudy(hung, await openPacsCache(home()), STUDY, (await cachedStudy(folder()))!, { note: 'R', instances: 5 }, { signal, say });
    assert.equal(up.fetched, 0);
    assert.equal(up.note, `R: could not bring it up to date (no answer from 127.0.0.1:${port} within 1.0 s): served the cached copy, which may be out of date`);
    assert.equal(sockets.length, 1, 'one try: the listing');
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((r) => silent.close(r));
  }
  assert.deepEqual(await Promise.all(NAMES.slice(0, 4).map((n) => inode(join(folder(), n)))), inodes);
});

test('fewer images than asked for alone (and no error) bring the whole study, said', { skip }, async () => {
  await cacheLess(pacs, NAMES[3], NAMES[4]);
  const real = openPacsClient(parsePacsNode(pacs.dimse, { callingAe: 'ALVEOCUT' }));
  // The PACS's answers are real; the single-image retrieve gets only the first UID of its list.
  const partial: PacsClient = { ...real, retrieveInstances: (study, list, sink, opts) => real.retrieveInstances(study, list.slice(0, 1), sink, opts) };
  const stale = { note: 'R', instances: 5 };
  const up = await updateCachedStudy(partial, await openPacsCache(home()), STUDY, (await cachedStudy(folder()))!, stale, { signal, say });
  assert.deepEqual(up, { fetched: 5, note: 'R: retrieved it again (only 1 of the 2 new images came when asked for alone)' });
  assert.deepEqual(await readdir(folder()), NAMES);
});

test('a cached file gone since the cache was read (another retrieve swapped the folder) is fetched again', { skip }, async () => {
  await cacheLess(pacs, NAMES[4]);
  const cached = (await cachedStudy(folder()))!;
  await rm(join(folder(), NAMES[0]));
  const real = openPacsClient(parsePacsNode(pacs.dimse, { callingAe: 'ALVEOCUT' }));
  const up = await updateCachedStudy(real, await openPacsCache(home()), STUDY, cached, { note: 'R', instances: 5 }, { signal, say });
  assert.deepEqual(up, { fetched: 2, note: 'R: fetched the 2 new ones' });
  assert.deepEqual(await readdir(folder()), NAMES);
});
