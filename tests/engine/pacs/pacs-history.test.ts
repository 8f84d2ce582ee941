// What the engine remembers about PACS studies across a restart (review: a reload forgot a send and
// the PACS got duplicates; "Send to" forgot the node a study came from): the node each cached study
// was retrieved from, every result sent (pacs/sent.json, 0600), and Alveo results that came back
// inside a retrieved study. And one name, one node: a second node of the same name is refused.
import assert from 'node:assert/strict';
import { chmod, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { AlveoError } from '../../../src-main/api/errors';
import type { JobEnd } from '../../../src-main/api/jobs';
import { createEngine, sourceTreeDeps, type Engine } from '../../../src-main/engine/index';
import { openPacsClient } from '../../../src-main/engine/pacs/open-pacs-client';
import { PacsHistory, type StoredSent } from '../../../src-main/engine/pacs/pacs-history';
import { parsePacsNode } from '../../../src-main/engine/pacs/pacs-node';
import { PacsNodeStore } from '../../../src-main/engine/pacs/pacs-node-store';
import { callUnprivileged, noPosixPermissions } from '../../cli/support/unprivileged';
import { tempDir } from '../../support/temp-dir';
import type { RecordSentAnswer } from './support/pacs-history-calls';
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
  await chmod(dir, 0o755); // the unreadable-history test runs as nobody under root (mkdtemp makes it 0700)
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

// Review 37 F3: a damaged sent.json was read as empty and the next send wrote over the whole history,
// silently: Alveo could no longer ask before a duplicate send. And a sent.json that merely could not
// be read (permission denied, a failing disk) was taken for empty the same way.
const sentRecord = (n: number): StoredSent => ({
  studyInstanceUid: '1.2.3',
  sopInstanceUid: `1.2.3.${n}`,
  nodeId: 'node-1',
  nodeName: 'Radiology',
  at: `2026-12-0${n}T10:00:00.000Z`,
  srInstanceUid: `1.2.9.${n}`,
  scInstanceUid: `1.2.8.${n}`,
});

async function historyHome(name: string, sentJson?: string): Promise<{ home: string; pacs: string; file: string }> {
  const home = join(dir, name);
  const pacs = join(home, 'pacs');
  await mkdir(pacs, { recursive: true });
  const file = join(pacs, 'sent.json');
  if (sentJson !== undefined) await writeFile(file, sentJson, { mode: 0o600 });
  return { home, pacs, file };
}

const SENT_BEFORE = `${JSON.stringify({ sent: [sentRecord(1), sentRecord(2), sentRecord(3)] }, null, 1)}\n`;

for (const [what, damaged, problem] of [
  ['cut short', SENT_BEFORE.slice(0, -3), /not valid JSON/],
  ['holding null', 'null', /it holds null, not a JSON object/],
  ['with a record that is not one', JSON.stringify({ sent: [sentRecord(1), { ...sentRecord(2), nodeId: null }] }), /record 2 of 2: 'nodeId' is null, not a string/],
] as const) {
  test(`a sent.json ${what} is named when read, and set aside by the next send with a notice, its bytes kept; the send is recorded in a new one`, async () => {
    const { home, pacs, file } = await historyHome(`damaged-${what.replace(/\W+/g, '-')}`, damaged);
    const history = new PacsHistory(home);
    await assert.rejects(history.sent('1.2.3'), (err: unknown) => {
      assert.ok(err instanceof AlveoError, String(err));
      assert.equal(err.code, 'CORRUPT');
      assert.equal(err.file, file);
      assert.match(err.message, problem);
      assert.match(err.message, /the record of results sent to the PACS is damaged .*the next send sets it aside/);
      return true;
    });
    assert.equal(await readFile(file, 'utf8'), damaged, 'reading sets nothing aside');

    const notices = await history.recordSent(sentRecord(4));
    const aside = (await readdir(pacs)).filter((f) => f.startsWith('sent.json.damaged-'));
    assert.equal(aside.length, 1, `one set-aside copy: ${(await readdir(pacs)).join(', ')}`);
    assert.match(aside[0], /^sent\.json\.damaged-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/);
    assert.equal(await readFile(join(pacs, aside[0]), 'utf8'), damaged, 'the damaged bytes are kept');
    assert.equal(notices.length, 1);
    assert.ok(notices[0].startsWith(`${file} was damaged (`), notices[0]);
    assert.match(notices[0], problem);
    assert.ok(notices[0].includes(`kept as ${aside[0]}`), notices[0]);
    assert.match(notices[0], /cannot ask before one of them is sent again/);
    assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), { sent: [sentRecord(4)] });
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    const { studyInstanceUid: _study, ...listed } = sentRecord(4);
    assert.deepEqual(await new PacsHistory(home).sent('1.2.3'), [listed]);
    assert.deepEqual(await history.recordSent(sentRecord(5)), [], 'no notice once the record is whole');
  });
}

test('a damaged origins.json is set aside by the next retrieve the same way', async () => {
  const { home, pacs } = await historyHome('damaged-origins');
  await writeFile(join(pacs, 'origins.json'), '{"studies": []}');
  const history = new PacsHistory(home);
  await assert.rejects(history.origin('1.2.3'), /origins\.json: the record of the PACS node each cached study came from is damaged \('studies' is a list, not an object\)/);
  const notices = await history.recordOrigin('1.2.3', 'node-1');
  assert.equal(notices.length, 1);
  assert.equal((await readdir(pacs)).filter((f) => f.startsWith('origins.json.damaged-')).length, 1);
  assert.equal(await history.origin('1.2.3'), 'node-1');
});

test('a sent.json that cannot be read is an error naming it, never taken for empty: the send does not write over it', { skip: noPosixPermissions }, async () => {
  const { home, pacs, file } = await historyHome('unreadable', SENT_BEFORE);
  await chmod(home, 0o755);
  await chmod(pacs, 0o777); // nobody takes the lock beside sent.json
  await chmod(file, 0o000);
  try {
    const answer = await callUnprivileged<RecordSentAnswer>('tests/engine/pacs/support/pacs-history-calls.ts', 'recordSentAnswer', [home, sentRecord(4)]);
    assert.ok('error' in answer, `refused: ${JSON.stringify(answer)}`);
    assert.deepEqual(answer.error, {
      name: 'AlveoError',
      code: 'CORRUPT',
      file,
      message: `${file}: the record of results sent to the PACS cannot be read (permission denied)`,
    });
  } finally {
    await chmod(file, 0o600);
  }
  assert.equal(await readFile(file, 'utf8'), SENT_BEFORE, 'the history is unchanged');
  assert.deepEqual((await readdir(pacs)).filter((f) => f.startsWith('sent.json')), ['sent.json'], 'nothing set aside');
});
