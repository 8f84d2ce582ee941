// alveo pacs send of Alveo's results (an SR and its Grad-CAM capture, written by "Save result as
// DICOM") to a node the app knows: the send is remembered in pacs/sent.json like the app's own, so
// the app then says it was sent and asks before a second copy. By name or by the node's address;
// images and a node the app does not know are not recorded. A real Orthanc on loopback.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createEngine, sourceTreeDeps, type Engine } from '../../../src-main/engine/index';
import { PacsNodeStore } from '../../../src-main/engine/pacs/pacs-node-store';
import { writeCrSeries } from '../../engine/pacs/support/cr-series';
import { orthancMissing, startOrthanc, type Orthanc } from '../../engine/pacs/support/orthanc';
import { tempDir } from '../../support/temp-dir';
import { runCli } from '../support/run-cli';

const skip = orthancMissing();
const STUDY = '1.2.826.0.1.3680043.2.1125.93.1';
let pacs: Orthanc;
let home: string;
let engine: Engine;
let images: string[];

before(async () => {
  if (skip) return;
  const dir = await tempDir('alveo-pacs-send-recorded-');
  home = join(dir, 'home');
  pacs = await startOrthanc();
  engine = createEngine(sourceTreeDeps({ userDir: home }));
  images = await writeCrSeries(dir, { count: 2, study: STUDY, patientId: 'SEND-CLI', patientName: 'Send^Cli', lowStep: 40 });
});
after(async () => {
  if (skip) return;
  await engine.dispose();
  await pacs.stop();
});

test('results sent from the CLI to a saved node are remembered per image; images and unknown nodes are not', { skip }, async () => {
  const node = await new PacsNodeStore(home).save({ name: 'Ward PACS', address: pacs.dimse });
  const results = [];
  for (const image of images) {
    const { studyId } = await engine.openStudy(image);
    results.push(await engine.saveResultAsDicom(studyId, join(home, '..', `out-${results.length}`)));
  }
  const env = { ALVEO_HOME: home };
  const sop = (i: number) => `${STUDY}.1.${i + 1}`;

  // By name: the first image's SR and capture, and an image (not a result).
  let r = await runCli(['pacs', 'send', '--server', 'Ward PACS', results[0].sr, results[0].sc, images[1]], env);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stderr, /recorded 1 Alveo result\(s\) as sent to Ward PACS/);
  let history = await engine.pacsStudyHistory(STUDY);
  assert.equal(history.sent.length, 1, JSON.stringify(history.sent));
  const [first] = history.sent;
  assert.equal(first.sopInstanceUid, (await engine.openStudy(images[0])).attributes.SOPInstanceUID);
  assert.equal(first.nodeId, node.id);
  assert.equal(first.nodeName, 'Ward PACS');
  assert.match(first.srInstanceUid, /^2\.25\.\d+$/);
  assert.match(first.scInstanceUid, /^2\.25\.\d+$/);
  assert.notEqual(first.srInstanceUid, first.scInstanceUid);

  // By the saved node's address: the second image's result (its folder), recorded under the node.
  r = await runCli(['pacs', 'send', '--server', pacs.dimse, join(home, '..', 'out-1')], env);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  history = await engine.pacsStudyHistory(STUDY);
  assert.deepEqual(history.sent.map((s) => [s.sopInstanceUid, s.nodeId]).sort(), [[sop(0), node.id], [sop(1), node.id]].sort());

  // An SR sent without its capture: recorded for its image only (not for the capture it also refers to).
  const before = (await engine.pacsStudyHistory(STUDY)).sent.length;
  r = await runCli(['pacs', 'send', '--server', 'Ward PACS', results[1].sr], env);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const alone = (await engine.pacsStudyHistory(STUDY)).sent.slice(before);
  assert.deepEqual(alone.map((s) => [s.sopInstanceUid, s.scInstanceUid]), [[sop(1), '']]);

  // An address no saved node has: sent, but nothing the app could match is recorded.
  const web = pacs.dicomWeb.replace('http://', `http://${pacs.user}:${pacs.password}@`);
  r = await runCli(['pacs', 'send', '--server', web, results[0].sr], env);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.doesNotMatch(r.stderr, /recorded/);
  assert.equal((await engine.pacsStudyHistory(STUDY)).sent.length, 3);
  assert.ok(existsSync(join(home, 'pacs', 'sent.json')));
});
