// A DICOMweb node that sends its headers and then trickles the body never goes silent, so the
// silence timeout alone waited for ever (review 10r item 4). The node's timeout bounds the whole
// answer (an instance gets longer while it keeps coming at a fair rate), and an answer has a size
// limit. Real HTTP servers on loopback, started here.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openPacsClient } from '../../../src-main/engine/pacs/open-pacs-client';
import { PacsError } from '../../../src-main/engine/pacs/pacs-error';
import { parsePacsNode } from '../../../src-main/engine/pacs/pacs-node';
import { startCli } from '../../cli/support/run-cli';

/** Writes `chunk` every `everyMs` until `total` bytes are out (for ever without one) or the client leaves. */
function drip(res: ServerResponse, chunk: Buffer, everyMs: number, total = Infinity): void {
  let sent = 0;
  const tick = () => {
    if (res.destroyed) return;
    if (sent >= total) {
      res.end();
      return;
    }
    res.write(chunk);
    sent += chunk.length;
    setTimeout(tick, everyMs);
  };
  tick();
}

let server: Server;
let base: string;
let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-dicomweb-deadline-'));
  server = createServer((req, res) => {
    const path = req.url ?? '';
    if (path.startsWith('/trickle/')) {
      // Headers at once, then one byte every 300 ms: never 1.5 s of silence.
      res.writeHead(200, { 'content-type': path.includes('/instances/') ? 'application/dicom' : 'application/dicom+json' });
      drip(res, Buffer.from('['), 300);
    } else if (path.startsWith('/runaway/')) {
      // A JSON answer without end or length, as fast as the socket takes it.
      res.writeHead(200, { 'content-type': 'application/dicom+json' });
      const mib = Buffer.alloc(2 ** 20, 0x20);
      const more = () => {
        while (!res.destroyed && res.write(mib));
        if (!res.destroyed) res.once('drain', more);
      };
      more();
    } else if (path.startsWith('/declared/')) {
      res.writeHead(200, { 'content-type': 'application/dicom+json', 'content-length': String(200 * 2 ** 20) });
      res.write('[');
    } else if (path.startsWith('/steady/')) {
      // 2 MiB in about 2 s: slower than the 1 s timeout, far faster than a trickle.
      res.writeHead(200, { 'content-type': 'application/dicom' });
      drip(res, Buffer.alloc(128 * 1024, 7), 125, 2 * 2 ** 20);
    } else {
      res.writeHead(404).end();
    }
  });
  server.on('connection', (s) => s.on('error', () => {})); // the client hangs up mid-answer, on purpose
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await rm(dir, { recursive: true, force: true });
});

const instance = [{ seriesInstanceUid: '1.2.3.4', sopInstanceUid: '1.2.3.4.5' }];

async function timed(work: Promise<unknown>): Promise<{ ms: number; result: unknown }> {
  const t0 = performance.now();
  const result = await work.catch((err: unknown) => err);
  return { ms: performance.now() - t0, result };
}

// Timeouts: without the deadline these calls wait for ever, and the test must still end.
test('a node that trickles its answer: echo, find and an instance retrieval give up at the timeout, naming the node', { timeout: 60_000 }, async () => {
  const client = openPacsClient(parsePacsNode(`${base}/trickle/dicom-web`, { timeoutMs: 1500 }));
  const calls: Record<string, () => Promise<unknown>> = {
    echo: () => client.echo(),
    find: () => client.findStudies({ patientId: 'P1' }),
    retrieve: () => client.retrieveInstances('1.2.3', instance, async () => {}),
  };
  for (const [what, call] of Object.entries(calls)) {
    const { ms, result } = await timed(call());
    assert.ok(result instanceof PacsError, `${what}: ${String(result)}`);
    assert.equal(result.failure, 'timeout', what);
    assert.match(result.message, new RegExp(`^PACS ${base}/trickle/dicom-web: 127\\.0\\.0\\.1:\\d+ did not finish answering within 1\\.5 s \\(\\d+ bytes came in that time\\)$`), what);
    assert.ok(ms >= 1400 && ms < 8000, `${what} gave up after ${Math.round(ms)} ms`);
  }
});

test('`alveo pacs echo --timeout 2` on a trickling node exits 1 in about 2 s with the reason', { timeout: 60_000 }, async () => {
  const t0 = performance.now();
  const run = startCli(['pacs', 'echo', '--server', `${base}/trickle/dicom-web`, '--timeout', '2'], { ALVEO_HOME: join(dir, 'home') });
  const guard = setTimeout(() => run.child.kill('SIGKILL'), 30_000);
  const r = await run.done;
  clearTimeout(guard);
  const took = performance.now() - t0;
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /did not finish answering within 2\.0 s/);
  assert.ok(took < 20_000, `the command took ${Math.round(took)} ms`);
});

test('an answer larger than the limit is refused: streamed without end, or declared so up front', { timeout: 60_000 }, async () => {
  const limit = 'answer larger than 64 MiB, the most Alveo takes for a DICOM JSON answer';
  for (const kind of ['runaway', 'declared']) {
    const { ms, result } = await timed(openPacsClient(parsePacsNode(`${base}/${kind}/dicom-web`, { timeoutMs: 30_000 })).echo());
    assert.ok(result instanceof PacsError, `${kind}: ${String(result)}`);
    assert.equal(result.failure, 'protocol');
    assert.ok(result.message.includes(limit), `${kind}: ${result.message}`);
    assert.ok(ms < 20_000, `${kind}: ${Math.round(ms)} ms`);
  }
});

test('an instance that keeps coming at a fair rate may take longer than the timeout', async () => {
  const client = openPacsClient(parsePacsNode(`${base}/steady/dicom-web`, { timeoutMs: 1000 }));
  const out = join(dir, 'steady.dcm');
  const t0 = performance.now();
  const r = await client.retrieveInstances('1.2.3', instance, (i) => i.writeTo(out));
  assert.equal(r.instances, 1);
  assert.ok(performance.now() - t0 > 1000, 'the answer took longer than the timeout');
  assert.equal((await readFile(out)).length, 2 * 2 ** 20);
});
