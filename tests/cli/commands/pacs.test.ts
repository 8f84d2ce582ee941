// alveo pacs get over C-GET against a real Orthanc: the progress lines on stderr end with the
// total once (the last instance and the retrieve's end report the same count).
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chestPhantom, writeDicom } from '../../fixtures/write-dicom';
import { orthancMissing, startOrthanc, type Orthanc } from '../../engine/pacs/support/orthanc';
import { runCli } from '../support/run-cli';
import { auditLines } from '../../support/audit-lines';
import { PacsNodeStore } from '../../../src-main/engine/pacs/pacs-node-store';

const skip = orthancMissing();
const STUDY = '1.2.826.0.1.3680043.2.1125.77.1';
let pacs: Orthanc;
let dir: string;

before(async () => {
  if (skip) return;
  dir = await mkdtemp(join(tmpdir(), 'alveo-cli-pacs-'));
  pacs = await startOrthanc();
  const files: string[] = [];
  for (let i = 1; i <= 2; i++) {
    const sop = `${STUDY}.1.${i}`;
    files.push(
      await writeDicom(join(dir, `${i}.dcm`), {
        rows: 64,
        columns: 64,
        pixels: chestPhantom(64, 64, 40 * i, 3000),
        bitsStored: 12,
        attributes: { PatientID: 'CLI-GET', StudyInstanceUID: STUDY, SeriesInstanceUID: `${STUDY}.1`, SOPInstanceUID: sop, Modality: 'DX' },
      }),
    );
  }
  const sent = await runCli(['pacs', 'send', '--server', pacs.dimse, ...files], { ALVEO_HOME: join(dir, 'home-cli') });
  assert.equal(sent.code, 0, sent.stderr);
});
after(async () => {
  if (skip) return;
  await pacs?.stop();
  await rm(dir, { recursive: true, force: true });
});

test('pacs get over C-GET: "retrieved 2/2" is printed once', { skip }, async () => {
  const out = join(dir, 'got');
  const home = join(dir, 'home-cli');
  const r = await runCli(['pacs', 'get', '--server', pacs.dimse, STUDY, '--out', out], { ALVEO_HOME: home });
  assert.equal(r.code, 0, r.stderr);
  assert.equal((await readdir(out)).length, 2);
  assert.equal(r.stderr.split('\n').filter((l) => l === 'retrieved 2/2').length, 1, r.stderr);
  assert.match(r.stdout, /2 instance\(s\) of study/);
  // Results out (the send in before()) and patient data in: each a line in the audit trail, as the app's.
  const lines = await auditLines(home);
  const send = lines.find((l) => l.action === 'pacsSend');
  assert.ok(send, JSON.stringify(lines));
  assert.deepEqual([send.door, send.outcome, send.node, send.files, send.stored, send.failed], ['cli', 'done', pacs.dimse, 2, 2, 0]);
  const get = lines.find((l) => l.action === 'pacsRetrieve');
  assert.ok(get, JSON.stringify(lines));
  assert.deepEqual([get.outcome, get.node, get.study, get.out, get.instances, get.failed], ['done', pacs.dimse, STUDY, out, 2, 0]);
  // A node that does not answer: the refused retrieve is a line too.
  const dead = await runCli(['pacs', 'get', '--server', 'NOBODY@127.0.0.1:9', STUDY, '--out', join(dir, 'none'), '--timeout', '3'], { ALVEO_HOME: home });
  assert.equal(dead.code, 1, dead.stderr);
  const failed = (await auditLines(home)).filter((l) => l.action === 'pacsRetrieve').at(-1);
  assert.deepEqual([failed?.outcome, failed?.node], ['failed', 'NOBODY@127.0.0.1:9']);
  assert.ok(String(failed?.error).length > 0);
});

test('--server NAME uses a node saved in the app (by name, any case); an unknown name lists the saved ones', { skip }, async () => {
  const home = join(dir, 'home-saved');
  const store = new PacsNodeStore(home);
  await store.save({ name: 'Radiology PACS', address: pacs.dimse });
  await store.save({ name: 'Web PACS', address: pacs.dicomWeb, username: 'alveo', password: 'secret' });
  const env = { ALVEO_HOME: home };
  const echo = await runCli(['pacs', 'echo', '--server', 'radiology pacs'], env);
  assert.equal(echo.code, 0, echo.stderr);
  assert.match(echo.stdout, /OK \(\d+ ms\)/);
  const found = await runCli(['pacs', 'find', '--server', 'Radiology PACS', '--patient-id', 'CLI-GET', '--json'], env);
  assert.equal(found.code, 0, found.stderr);
  assert.match(found.stdout, new RegExp(STUDY.replaceAll('.', '\\.')));
  const unknown = await runCli(['pacs', 'echo', '--server', 'Cardiology'], env);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /neither an address .* nor a saved node's name; saved nodes: 'Radiology PACS', 'Web PACS'/);
  // Its password is the desktop's to keep: the CLI asks for it in ALVEO_PACS_PASSWORD.
  const locked = await runCli(['pacs', 'echo', '--server', 'Web PACS'], env);
  assert.equal(locked.code, 2);
  assert.match(locked.stderr, /PACS node 'Web PACS' signs in as 'alveo' and its password is not stored: give it in ALVEO_PACS_PASSWORD/);
});
