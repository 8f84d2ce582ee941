// A PACS that does not know Alveo's AE title as a C-MOVE destination (a real Orthanc without it in
// its modalities): the first stale open moves the new image, then the whole study (which a C-FIND
// found, so Orthanc's bare failure can only mean the destination), both refused; the study is
// served from the cache with the refusal in words (configure the title there or use C-GET). Later opens of any study from that node do not move anything until the
// node's settings are saved again; then C-GET, or a title the PACS knows, retrieves as usual.
// C-MOVE requests are counted by their final answers, through a proxy that watches the node.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { EngineEvent } from '../../../src-main/api/events';
import { createEngine, sourceTreeDeps, type Engine } from '../../../src-main/engine/index';
import { openPacsClient } from '../../../src-main/engine/pacs/open-pacs-client';
import { parsePacsNode } from '../../../src-main/engine/pacs/pacs-node';
import { writeCrSeries } from './support/cr-series';
import { C_MOVE_RSP } from './support/dimse-cut-proxy';
import { dimseWatchProxy, type WatchProxy } from './support/dimse-watch-proxy';
import { freePort, orthancMissing, startOrthanc, type Orthanc } from './support/orthanc';
import { retrieveJob } from './support/retrieve-job';

const skip = orthancMissing();
const [A, B, C] = ['1.2.826.0.1.3680043.2.1125.66.31', '1.2.826.0.1.3680043.2.1125.66.32', '1.2.826.0.1.3680043.2.1125.66.33'];
const UNKNOWN_AE = 'ALVEONOWHERE';
const KNOWN_AE = 'ALVEOMOVEOK';
let pacs: Orthanc;
let watch: WatchProxy;
let knownPort: number;
let dir: string;
let engine: Engine;
const series = new Map<string, string[]>();

const store = async (files: string[]) => assert.ok((await openPacsClient(parsePacsNode(pacs.dimse)).store(files)).every((s) => s.ok));
const moves = () => watch.answered(C_MOVE_RSP);
/** The clear words, and what to do. */
const REFUSAL = new RegExp(`the PACS (most likely )?does not know the AE title '${UNKNOWN_AE}' as a move destination\\. Configure it there \\(with this machine's address and port \\d+\\), or retrieve by C-GET`);

/** A retrieve job expected to fail: its error. */
async function failedRetrieve(nodeId: string, study: string): Promise<string> {
  const { jobId } = await engine.startPacsRetrieve({ nodeId, studyInstanceUid: study });
  const end = await new Promise<EngineEvent>((resolve) => {
    const off = engine.subscribe((e) => {
      if (e.type === 'job:end' && e.jobId === jobId) {
        off();
        resolve(e);
      }
    });
  });
  assert.ok(end.type === 'job:end' && end.outcome === 'failed', JSON.stringify(end));
  return end.error ?? '';
}

before(async () => {
  if (skip) return;
  dir = await mkdtemp(join(tmpdir(), 'alveo-move-refused-'));
  knownPort = await freePort();
  pacs = await startOrthanc({ moveDestinations: { [KNOWN_AE]: knownPort } });
  watch = await dimseWatchProxy({ host: '127.0.0.1', port: pacs.dicomPort });
  engine = createEngine(sourceTreeDeps({ userDir: join(dir, 'home') }));
  for (const [i, study] of [A, B, C].entries()) {
    await mkdir(join(dir, String(i)));
    series.set(study, await writeCrSeries(join(dir, String(i)), { count: 2, study, patientId: `MOVE-${i}`, patientName: 'Move^Refused', lowStep: 30 + i }));
  }
});
after(async () => {
  if (skip) return;
  await engine.dispose();
  await watch.close();
  await pacs.stop();
  await rm(dir, { recursive: true, force: true });
});

test('a refused move destination is asked once, said in words, remembered for the node until its settings are saved', { skip }, async () => {
  // Cached by C-GET with one image each, then a second image reaches A and B on the PACS: both stale.
  const getter = await engine.savePacsNode({ name: 'getter', address: pacs.dimse, callingAe: 'ALVEOGET' });
  for (const s of [A, B]) {
    await store([series.get(s)![0]]);
    assert.equal((await retrieveJob(engine, getter.id, s)).end.result?.files.length, 1);
    await store([series.get(s)![1]]);
  }
  await store(series.get(C)!);
  const address = `${pacs.aet}@127.0.0.1:${watch.port}`;
  const mover = await engine.savePacsNode({ name: 'mover', address, callingAe: UNKNOWN_AE, movePort: await freePort() });

  // The first open: one C-MOVE (of the new image), refused; the cached copy is served, said why.
  const first = await retrieveJob(engine, mover.id, A);
  // The move of the new image alone fails bare (Orthanc answers a move matching nothing the same
  // way, so that alone names nothing); the whole study, known to exist by C-FIND, fails the same:
  // that names the destination, and is remembered.
  assert.equal(moves(), 2, 'the image alone, then the whole study once');
  assert.equal(first.end.result?.files.length, 1);
  assert.match(first.end.result?.note ?? '', /holds 2 images of the study, the cache 1: could not bring it up to date \(/);
  assert.match(first.end.result?.note ?? '', REFUSAL);

  // Another stale study from the same node: served from the cache, no C-MOVE at all.
  const second = await retrieveJob(engine, mover.id, B);
  assert.equal(second.end.result?.files.length, 1);
  assert.match(second.end.result?.note ?? '', REFUSAL);
  assert.match(second.end.result?.note ?? '', /found earlier in this session: not asked again until the node's settings are saved/);
  // A study not cached: the retrieve fails at once, in the same words.
  assert.match(await failedRetrieve(mover.id, C), REFUSAL);
  assert.equal(moves(), 2, 'no C-MOVE while the node is unchanged');

  // Saved with C-GET (no receive port): retrieved as usual.
  await engine.savePacsNode({ id: mover.id, name: 'mover', address, callingAe: UNKNOWN_AE });
  const byGet = await retrieveJob(engine, mover.id, A);
  assert.equal(byGet.end.result?.files.length, 2);
  assert.match(byGet.end.result?.note ?? '', /the cache 1: fetched the new one$/);
  // Saved with a title the PACS knows: asked again, by C-MOVE, and it works.
  await engine.savePacsNode({ id: mover.id, name: 'mover', address, callingAe: KNOWN_AE, movePort: knownPort });
  const byMove = await retrieveJob(engine, mover.id, B);
  assert.equal(byMove.end.result?.files.length, 2);
  assert.match(byMove.end.result?.note ?? '', /the cache 1: fetched the new one$/);
  assert.equal(moves(), 3);
});
