// A node that accepts the connection and then says nothing (a hung PACS, a firewall that
// swallows packets): both protocols give up after the node's timeout, in plain words.
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, before, test } from 'node:test';
import { openPacsClient } from '../../../src-main/engine/pacs/open-pacs-client';
import { PacsError } from '../../../src-main/engine/pacs/pacs-error';
import { parsePacsNode } from '../../../src-main/engine/pacs/pacs-node';
import { runCli } from '../../cli/support/run-cli';

let silent: Server;
let port: number;
const sockets: Socket[] = [];
before(async () => {
  silent = createServer((s) => sockets.push(s));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  port = (silent.address() as { port: number }).port;
});
after(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => silent.close(r));
});

test('a silent node times out over DIMSE and DICOMweb, naming the node and the wait', async () => {
  for (const address of [`PACS@127.0.0.1:${port}`, `http://127.0.0.1:${port}/dicom-web`]) {
    const t0 = performance.now();
    await assert.rejects(openPacsClient(parsePacsNode(address, { timeoutMs: 1500 })).echo(), (err: unknown) => {
      assert.ok(err instanceof PacsError, String(err));
      assert.equal(err.failure, 'timeout');
      assert.equal(err.code, 'NETWORK');
      assert.match(err.message, new RegExp(`no answer from 127\\.0\\.0\\.1:${port} within 1\\.5 s`));
      return true;
    });
    const waited = performance.now() - t0;
    assert.ok(waited >= 1400 && waited < 10_000, `${address}: gave up after ${Math.round(waited)} ms`);
  }
});

test('after giving up, the connection is closed: `alveo pacs echo` exits at its timeout, not when a hung node hangs up', async () => {
  for (const address of [`PACS@127.0.0.1:${port}`, `http://127.0.0.1:${port}/dicom-web`]) {
    const t0 = performance.now();
    const r = await runCli(['pacs', 'echo', '--server', address, '--timeout', '2'], {});
    const took = performance.now() - t0;
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /within 2\.0 s/);
    // The silent node keeps its end open for the whole test: a socket left open would keep the process alive.
    assert.ok(took < 12_000, `${address}: the command took ${Math.round(took)} ms`);
  }
});
