// After "Send result to PACS", the study in the PACS holds Alveo's SR and Grad-CAM capture beside
// the patient's images. Retrieved again (C-GET and C-MOVE: the PACS and the receiver rewrite each
// file's meta header), then opened or scored as a worklist, Alveo's own results are skipped with
// the reason, never shown or scored as images of the patient. A real Orthanc on loopback.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import type { EngineEvent } from '../../../src-main/api/events';
import type { JobEnd } from '../../../src-main/api/jobs';
import { createEngine, sourceTreeDeps, type Engine } from '../../../src-main/engine/index';
import { openPacsClient } from '../../../src-main/engine/pacs/open-pacs-client';
import { parsePacsNode } from '../../../src-main/engine/pacs/pacs-node';
import { writeCrSeries } from './support/cr-series';
import { freePort, orthancMissing, startOrthanc, type Orthanc } from './support/orthanc';

const skip = orthancMissing();
const STUDY = '1.2.826.0.1.3680043.2.1125.92.1';
let pacs: Orthanc;
let movePort: number;
let dir: string;
let engine: Engine;
const files: string[] = [];

before(async () => {
  if (skip) return;
  dir = await mkdtemp(join(tmpdir(), 'alveo-own-results-pacs-'));
  movePort = await freePort();
  pacs = await startOrthanc({ moveDestinations: { ALVEOOWN: movePort } });
  engine = createEngine(sourceTreeDeps({ userDir: join(dir, 'home') }));
  files.push(...(await writeCrSeries(dir, { count: 2, study: STUDY, patientId: 'OWN-PACS', patientName: 'Own^Results', lowStep: 40 })));
});
after(async () => {
  if (skip) return;
  await engine.dispose();
  await pacs.stop();
  await rm(dir, { recursive: true, force: true });
});

/** The two sent results, named as earlier Alveo AI results with their date (kept by the PACS round trip). */
function assertEarlierResults(reasons: string[]): void {
  const date = '\\d{4}-\\d{2}-\\d{2}';
  const sorted = [...reasons].sort();
  assert.equal(sorted.length, 2, sorted.join(' | '));
  assert.match(sorted[0], new RegExp(`^an earlier Alveo AI result \\(Grad-CAM capture, ${date}\\), not a patient image$`));
  assert.match(sorted[1], new RegExp(`^an earlier Alveo AI result \\(structured report, ${date}\\), not a patient image$`));
}

function retrieved(nodeId: string): Promise<JobEnd<'retrieve'>> {
  return new Promise((resolve, reject) => {
    let jobId = '';
    const off = engine.subscribe((e) => {
      if (e.type === 'job:end' && e.jobId === jobId) {
        off();
        resolve(e as JobEnd<'retrieve'>);
      }
    });
    engine.startPacsRetrieve({ nodeId, studyInstanceUid: STUDY }).then((r) => (jobId = r.jobId), reject);
  });
}

test('sent results come back with the study (C-GET, C-MOVE); Open and Score as worklist skip them as Alveo results', { skip }, async () => {
  const cget = await engine.savePacsNode({ name: 'Orthanc C-GET', address: pacs.dimse, callingAe: 'ALVEOOWN' });
  const cmove = await engine.savePacsNode({ name: 'Orthanc C-MOVE', address: pacs.dimse, callingAe: 'ALVEOOWN', movePort });
  const stored = await openPacsClient(parsePacsNode(pacs.dimse)).store(files);
  assert.ok(stored.every((s) => s.ok));
  const { studyId } = await engine.openStudy(files[0]);
  try {
    await engine.sendResultToPacs(studyId, cget.id); // C-STORE of the SR and the capture
  } finally {
    await engine.closeStudy(studyId);
  }
  const inPacs = await engine.findPacsStudies(cget.id, { patientId: 'OWN-PACS' });
  assert.deepEqual([...inPacs[0].modalities].sort(), ['CR', 'OT', 'SR']);
  const cache = join(dir, 'home', 'pacs', 'cache', STUDY);

  for (const node of [cget, cmove]) {
    await rm(cache, { recursive: true, force: true });
    const end = await retrieved(node.id);
    assert.equal(end.outcome, 'done', end.error);
    const got = end.result!;
    assert.equal(got.files.length, 4, `${node.name}: the two images and the two results come back`);
    for (const f of got.files) {
      // The receiver writes a meta header of its own, naming the PACS it came from (Source AE
      // Title): the copy is not the file Alveo wrote, so the skip cannot rest on that file's header.
      const metaEnd = 144 + (await readFile(f)).readUInt32LE(140);
      const meta = (await readFile(f)).subarray(0, metaEnd).toString('latin1');
      assert.ok(meta.includes(pacs.aet), `${node.name}: the meta header was rewritten on the way (${basename(f)})`);
    }

    // Open (the app passes the retrieved files one by one).
    const set = await engine.openStudySet(got.files);
    assert.equal(set.images, 2, node.name);
    assert.deepEqual(set.errors, []);
    assertEarlierResults(set.skipped.map((s) => s.reason));

    // Score as worklist (the cache folder, not recursive).
    const events: EngineEvent[] = [];
    let jobId = '';
    const off = engine.subscribe((e) => e.jobId === jobId && events.push(e));
    ({ jobId } = await engine.startScore({ folder: got.folder, recursive: false }));
    await engine.waitForJob(jobId);
    off();
    const rows = events.flatMap((e) => (e.type === 'job:row' ? [e.row] : []));
    const last = events.at(-1);
    const result = last?.type === 'job:end' && last.kind === 'score' ? last.result : undefined;
    assert.deepEqual(rows.map((r) => r.error), [null, null], `${node.name}: two scored rows, no error row`);
    assert.deepEqual(rows.map((r) => basename(r.file)).sort(), files.map((f) => `${STUDY}.1.${basename(f).slice(1, 2)}.dcm`).sort());
    assert.equal(result?.failed, 0);
    assertEarlierResults(result?.skipped?.map((s) => s.reason) ?? []);
  }
  await engine.deletePacsNode(cget.id);
  await engine.deletePacsNode(cmove.id);
});
