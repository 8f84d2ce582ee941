// What the engine remembers about PACS studies across a restart (review: a reload forgot a send and
// the PACS got duplicates; "Send to" forgot the node a study came from): the node each cached study
// was retrieved from, every result sent (pacs/sent.json, 0600), and Alveo results that came back
// inside a retrieved study. And one name, one node: a second node of the same name is refused.
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { JobEnd } from '../../../src-main/api/jobs';
import { createEngine, sourceTreeDeps, type Engine } from '../../../src-main/engine/index';
import { openPacsClient } from '../../../src-main/engine/pacs/open-pacs-client';
import { parsePacsNode } from '../../../src-main/engine/pacs/pacs-node';
import { PacsNodeStore } from '../../../src-main/engine/pacs/pacs-node-store';
import { tempDir } from '../../support/temp-dir';
import { writeCrSeries } from './support/cr-series';
import { orthancMissing, startOrthanc, type Orthanc } from './support/orthanc';

const skip = orthancMissing();
const STUDY = '1.2.826.0.1.3680043.2.1125.67.1';
let pacs: Orthanc;
let dir: string;
const engines: Engine[] = [];

function ended(engine: Engine, jobId: string): Promise<JobEnd<'retrieve'>> {
  return new Promise((resolve) => {
    const off = engine.subscribe((e) => {
      if (e.type === 'job:end' && e.jobId === jobId) {
        off();
        resolve(e as JobEnd<'retrieve'>);
      }
    });
  });
}

function start(): Engine {
  const engine = createEngine(sourceTreeDeps({ userDir: join(dir, 'home') }));
  engines.push(engine);
  return engine;
}

before(async () => {
  dir = await tempDir('alveo-pacs-history-');
  if (skip) return;
  pacs = await startOrthanc();
});
after(async () => {
  for (const e of engines) await e.dispose();
  await pacs?.stop();
});

test('a second node with the same name (any case) is refused; renaming a node to its own name in another case is not', async () => {
  const store = new PacsNodeStore(join(dir, 'names'));
  const first = await store.save({ name: 'Radiology PACS', address: 'ORTHANC@127.0.0.1:4242' });
  await assert.rejects(store.save({ name: ' radiology pacs ', address: 'OTHER@127.0.0.1:4243' }), /a PACS node named 'Radiology PACS' already exists: give this one another name/);
  const renamed = await store.save({ id: first.id, name: 'RADIOLOGY PACS', address: 'ORTHANC@127.0.0.1:4242' });
  assert.equal(renamed.name, 'RADIOLOGY PACS');
  assert.equal((await store.list()).length, 1);
});

test('the origin of a retrieved study and a sent result survive a restart; a result inside the retrieved study is recognised', { skip }, async () => {
  const files = await writeCrSeries(dir, { count: 2, study: STUDY, patientId: 'HIST-1', patientName: 'History^Test', lowStep: 40 });
  assert.ok((await openPacsClient(parsePacsNode(pacs.dimse)).store(files)).every((s) => s.ok));
  const first = start();
  const other = await first.savePacsNode({ name: 'Other', address: 'OTHER@127.0.0.1:9' });
  const web = await first.savePacsNode({ name: 'Orthanc', address: pacs.dimse });
  assert.deepEqual(await first.pacsStudyHistory(STUDY), { studyInstanceUid: STUDY, originNodeId: null, sent: [], resultsInStudy: [] });

  const got = await ended(first, (await first.startPacsRetrieve({ nodeId: web.id, studyInstanceUid: STUDY })).jobId);
  assert.equal(got.outcome, 'done', got.error);
  const source = `${STUDY}.1.1`;
  const { studyId } = await first.openStudy(join(dir, 'home', 'pacs', 'cache', STUDY, `${source}.dcm`));
  const sent = await first.sendResultToPacs(studyId, web.id);
  assert.equal(sent.record?.sopInstanceUid, source);
  assert.equal(sent.record?.nodeName, 'Orthanc');
  assert.equal((await stat(join(dir, 'home', 'pacs', 'sent.json'))).mode & 0o777, 0o600, 'sent.json names studies: owner-only');
  assert.equal((await stat(join(dir, 'home', 'pacs', 'origins.json'))).mode & 0o777, 0o600);

  // "A reload": another engine on the same user folder knows both.
  const second = start();
  const known = await second.pacsStudyHistory(STUDY);
  assert.equal(known.originNodeId, web.id);
  assert.equal(known.sent.length, 1);
  assert.deepEqual(known.sent[0], sent.record);
  assert.match(known.sent[0].at, /^\d{4}-\d\d-\d\dT/);
  assert.deepEqual(known.resultsInStudy, [], 'the cached copy predates the send');

  // Retrieved again, the study brings the sent SR and capture back: they name the source image.
  const again = await ended(second, (await second.startPacsRetrieve({ nodeId: web.id, studyInstanceUid: STUDY })).jobId);
  assert.equal(again.outcome, 'done', again.error);
  assert.equal(again.result?.files.length, 4);
  assert.ok((await second.pacsStudyHistory(STUDY)).resultsInStudy.includes(source));
  assert.ok(!(await second.pacsStudyHistory(STUDY)).resultsInStudy.includes(`${STUDY}.1.2`), 'the other image has no result');

  // A deleted origin is no default.
  await second.deletePacsNode(web.id);
  assert.equal((await second.pacsStudyHistory(STUDY)).originNodeId, null);
  assert.ok(other.id);
});
