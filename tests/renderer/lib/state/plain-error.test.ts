// plainError on real engine errors, through the real dispatch and the renderer's own API client:
// a PACS error reads once ("PACS <node>: <cause>", not "The PACS could not be reached or refused:
// PACS <node>: unreachable: …"), "Test connection" on a DICOMweb URL with a wrong path (a real
// Orthanc) fails in those words, and a truncated real DICOM keeps its heading and says where it ends.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { ApiEvent, ApiTransport } from '../../../../src-main/api/transport';
import { createEngine, sourceTreeDeps, type Engine } from '../../../../src-main/engine/index';
import { dispatch } from '../../../../src-main/hosts/dispatch';
import { ApiError, createApiClient, type ApiClient } from '../../../../src-renderer/src/lib/api/create-api-client';
import { plainError } from '../../../../src-renderer/src/lib/state/plain-error';
import { freePort, orthancMissing, startOrthanc } from '../../../engine/pacs/support/orthanc';
import { DICOM_SMALL, skipUnless } from '../../../engine/inference/support/shared-data';

let dir: string;
let engine: Engine;
let api: ApiClient;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-plain-error-'));
  engine = createEngine(sourceTreeDeps({ userDir: join(dir, 'home') }));
  const transport: ApiTransport = {
    call: (method, args) => dispatch(engine, method, args),
    onEvent: (listener: (e: ApiEvent) => void) => engine.subscribe(listener),
  };
  api = createApiClient(transport);
});
after(async () => {
  await engine.dispose();
  await rm(dir, { recursive: true, force: true });
});

/** What the PACS panel shows: one line, heading then detail. */
async function echoLine(address: string, extra: { username?: string; password?: string; name?: string } = {}): Promise<string> {
  const { name = `node-${address.length}`, ...auth } = extra;
  const node = await api.savePacsNode({ name, address, ...auth });
  const err = await api.echoPacsNode(node.id).then(
    () => assert.fail(`${address}: echo succeeded`),
    (e: unknown) => e,
  );
  assert.ok(err instanceof ApiError, String(err));
  assert.equal(err.code, 'NETWORK');
  const p = plainError(err, 'Test connection');
  return `${p.title}: ${p.detail}`;
}

const count = (text: string, word: string) => text.split(word).length - 1;

test('an unreachable PACS (DIMSE and DICOMweb) reads once: the node by its name and address, then the cause', async () => {
  const closed = await freePort();
  const dimse = await echoLine(`ORTHANC@127.0.0.1:${closed}`, { name: 'Dead node' });
  assert.equal(dimse, `PACS Dead node (ORTHANC@127.0.0.1:${closed}): unreachable: nothing accepts connections at 127.0.0.1:${closed} (connection refused)`);
  const web = await echoLine(`http://127.0.0.1:${closed}/dicom-web`, { name: 'Dead web' });
  assert.equal(web, `PACS Dead web (http://127.0.0.1:${closed}/dicom-web): unreachable: nothing accepts connections at 127.0.0.1:${closed} (connection refused)`);
  // A name holding ': ' and parentheses stays whole in the heading; a node named by its address says it once.
  const odd = await api.savePacsNode({ name: 'PACS: main (old)', address: `ORTHANC@127.0.0.1:${closed}` });
  const err = await api.echoPacsNode(odd.id).then(
    () => assert.fail('echo succeeded'),
    (e: unknown) => e,
  );
  assert.deepEqual(plainError(err), { title: `PACS PACS: main (old) (ORTHANC@127.0.0.1:${closed})`, detail: `unreachable: nothing accepts connections at 127.0.0.1:${closed} (connection refused)` });
  const unnamed = await echoLine(`http://127.0.0.1:${closed}/dicom-web`, { name: `http://127.0.0.1:${closed}/dicom-web` });
  assert.equal(unnamed, `PACS http://127.0.0.1:${closed}/dicom-web: unreachable: nothing accepts connections at 127.0.0.1:${closed} (connection refused)`);
  for (const line of [dimse, web]) {
    assert.equal(count(line, 'PACS'), 1, line);
    assert.equal(count(line, 'unreachable'), 1, line);
    assert.doesNotMatch(line, /could not be reached/);
  }
});

test('Test connection on a real Orthanc: a wrong DICOMweb path fails with the 404 named, the right path answers', { skip: orthancMissing() }, async () => {
  const pacs = await startOrthanc();
  try {
    const auth = { username: pacs.user, password: pacs.password };
    const wrongUrl = pacs.dicomWeb.replace(/\/dicom-web$/, '/not-dicom-web');
    const line = await echoLine(wrongUrl, { ...auth, name: 'Wrong path' });
    assert.equal(line, `PACS Wrong path (${wrongUrl}): not a DICOMweb endpoint: HTTP 404 for ${wrongUrl}/studies — check the path (Orthanc: http://host:8042/dicom-web)`);
    assert.ok(!line.includes(pacs.password));
    const right = await api.savePacsNode({ name: 'right', address: pacs.dicomWeb, ...auth });
    const ms = await api.echoPacsNode(right.id);
    assert.ok(Number.isFinite(ms) && ms >= 0, String(ms));
  } finally {
    await pacs.stop();
  }
});

test('a truncated real DICOM opened in the viewer: its heading, the file, and where it ends in words', { skip: skipUnless(DICOM_SMALL) }, async () => {
  const file = join(dir, 'cut-60k.dcm');
  const bytes = await readFile(join(DICOM_SMALL, 'dx16_mono2_512_explicitLE.dcm'));
  await writeFile(file, bytes.subarray(0, 60_000));
  const err = await api.openStudy(file).then(
    () => assert.fail('a truncated file opened'),
    (e: unknown) => e,
  );
  const p = plainError(err, 'Could not open the file');
  assert.equal(p.title, 'The file is damaged or incomplete');
  assert.match(p.detail, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the file is cut short: it ends at byte 60000, before the pixel data is complete \\(read \\d+ of \\d+ bytes\\)$`));
  assert.doesNotMatch(p.detail, /overrun/);
});
