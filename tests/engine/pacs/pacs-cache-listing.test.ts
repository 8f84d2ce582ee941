// A cached study whose PACS holds as many images as the cache, but another one among them: the
// freshness check lists the study's instances to find that out, and the update that follows works
// from that list instead of asking the PACS for it again. Counted at the node, in front of a real
// Orthanc: QIDO-RS instance lists (DICOMweb) and C-FIND answers (DIMSE) through watching proxies.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createEngine, sourceTreeDeps, type Engine } from '../../../src-main/engine/index';
import { openPacsClient } from '../../../src-main/engine/pacs/open-pacs-client';
import { parsePacsNode } from '../../../src-main/engine/pacs/pacs-node';
import { writeCrSeries } from './support/cr-series';
import { deleteOnPacs } from './support/delete-on-pacs';
import { C_FIND_RSP, C_GET_RSP } from './support/dimse-cut-proxy';
import { dimseWatchProxy, type WatchProxy } from './support/dimse-watch-proxy';
import { orthancMissing, startOrthanc, type Orthanc } from './support/orthanc';
import { qidoCapProxy, type QidoCapProxy } from './support/qido-cap-proxy';
import { retrieveJob } from './support/retrieve-job';

const skip = orthancMissing();
const STUDY = '1.2.826.0.1.3680043.2.1125.66.21';
const uid = (i: number) => `${STUDY}.1.${i}`;
let pacs: Orthanc;
let qido: QidoCapProxy;
let watch: WatchProxy;
let dir: string;
let engine: Engine;
let files: string[] = [];

const names = (fs: string[] | undefined) => (fs ?? []).map((f) => f.split('/').pop());
/** Puts image `put` where image `drop` was on the PACS: the same count, other images. */
async function swapOnPacs(drop: number, put: number): Promise<void> {
  await deleteOnPacs(pacs, uid(drop));
  assert.ok((await openPacsClient(parsePacsNode(pacs.dimse)).store([files[put - 1]])).every((s) => s.ok));
}
/** The QIDO-RS instance lists asked for (each list's first page: a list may take several). */
const instanceLists = () => qido.queries.filter((q) => /\/studies\/[^/]+\/instances\?/.test(q) && /[?&]offset=0(&|$)/.test(q)).length;

before(async () => {
  if (skip) return;
  dir = await mkdtemp(join(tmpdir(), 'alveo-pacs-listing-'));
  pacs = await startOrthanc();
  // A cap far above the study's size: the proxy only counts.
  qido = await qidoCapProxy(pacs.dicomWeb, 1000);
  watch = await dimseWatchProxy({ host: '127.0.0.1', port: pacs.dicomPort });
  engine = createEngine(sourceTreeDeps({ userDir: join(dir, 'home') }));
  files = await writeCrSeries(dir, { count: 3, study: STUDY, patientId: 'LIST-1', patientName: 'List^Once', lowStep: 35 });
  assert.ok((await openPacsClient(parsePacsNode(pacs.dimse)).store(files.slice(0, 2))).every((s) => s.ok));
});
after(async () => {
  if (skip) return;
  await engine.dispose();
  await qido.close();
  await watch.close();
  await pacs.stop();
  await rm(dir, { recursive: true, force: true });
});

test('a stale study with the same count is listed once per open: QIDO-RS (DICOMweb) and C-FIND (DIMSE)', { skip }, async () => {
  const web = await engine.savePacsNode({ name: 'web', address: qido.url, username: pacs.user, password: pacs.password });
  const dimse = await engine.savePacsNode({ name: 'dimse', address: `${pacs.aet}@127.0.0.1:${watch.port}`, callingAe: 'ALVEOLIST' });
  const first = await retrieveJob(engine, web.id, STUDY);
  assert.deepEqual(names(first.end.result?.files), [`${uid(1)}.dcm`, `${uid(2)}.dcm`]);
  const replaced = /holds an image of the study that the cache does not \(the same count, 2\): fetched the new one and removed the one it no longer holds$/;

  // DICOMweb: image 2 replaced by image 3 on the PACS.
  await swapOnPacs(2, 3);
  qido.queries.length = 0;
  const byWeb = await retrieveJob(engine, web.id, STUDY);
  assert.deepEqual(names(byWeb.end.result?.files), [`${uid(1)}.dcm`, `${uid(3)}.dcm`]);
  assert.match(byWeb.end.result?.note ?? '', replaced);
  assert.equal(instanceLists(), 1, `the study's instances were listed once: ${qido.queries.join(', ')}`);

  // DIMSE: image 3 replaced by image 2. One C-FIND for the count (study level), one listing
  // (series level, then image level for the one series), one C-GET of the new image.
  await swapOnPacs(3, 2);
  watch.commands.length = 0;
  const byDimse = await retrieveJob(engine, dimse.id, STUDY);
  assert.deepEqual(names(byDimse.end.result?.files), [`${uid(1)}.dcm`, `${uid(2)}.dcm`]);
  assert.match(byDimse.end.result?.note ?? '', replaced);
  assert.equal(watch.answered(C_FIND_RSP), 3, 'C-FINDs answered: the count, then the series and images of one listing');
  assert.equal(watch.answered(C_GET_RSP), 1, 'one C-GET, of the new image');
});
