// Named pipes planted in a model or dataset folder (review 44 F2): each call that met one held a
// libuv thread for good, and after four of them the web host answered nothing at all, not even
// getInfo or its page. Now each such call is answered at once, the pipe named, and the host goes on.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { decodeFrame, encodeFrame, FRAME_CONTENT_TYPE } from '../../../src-main/api/codec';
import type { ApiEnvelope } from '../../../src-main/api/transport';
import { createEngine, sourceTreeDeps, type Engine } from '../../../src-main/engine/index';
import { startWebHost, type WebHost } from '../../../src-main/hosts/web/server';
import { makeFifo } from '../../cli/support/fifo';
import { writeImage } from '../../engine/training/support/draw-images';

const PIPE = /not a regular file \(a named pipe\)/;
let dir: string;
let engine: Engine;
let host: WebHost;
const fifos: Array<{ release(): Promise<void> }> = [];
const fifo = (path: string) => fifos.push(makeFifo(path));

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-web-fifo-'));
  await mkdir(join(dir, 'renderer'));
  await writeFile(join(dir, 'renderer/index.html'), '<!doctype html><title>t</title>');
  engine = createEngine(sourceTreeDeps({ userDir: join(dir, 'home') }));
  host = await startWebHost({ engine, rendererDir: join(dir, 'renderer') });
});

after(async () => {
  // Frees whatever reader a pipe still holds (unfixed code), so the run ends.
  await Promise.all(fifos.map((f) => f.release()));
  await host?.close();
  await engine?.dispose();
  await rm(dir, { recursive: true, force: true });
});

/** An API call's envelope; rejects after `ms` (freeing what the pipes hold) instead of waiting for good. */
function api(method: string, args: unknown[], ms = 10_000): Promise<ApiEnvelope> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      req.destroy();
      void Promise.all(fifos.map((f) => f.release()));
      reject(new Error(`${method}: no answer within ${ms} ms`));
    }, ms);
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        path: `/api/${method}`,
        method: 'POST',
        headers: { host: `127.0.0.1:${host.port}`, 'content-type': FRAME_CONTENT_TYPE, 'x-alveo-token': host.token },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearTimeout(timer);
          resolve(decodeFrame(new Uint8Array(Buffer.concat(chunks))) as ApiEnvelope);
        });
      },
    );
    req.on('error', () => undefined); // destroyed on timeout: the rejection above says why
    req.end(encodeFrame(args));
  });
}

function refusedFor(reply: ApiEnvelope, file: string): void {
  assert.ok(!reply.ok, `expected a refusal naming ${file}, got ${JSON.stringify(reply).slice(0, 300)}`);
  assert.equal(reply.error.file, file);
  assert.match(reply.error.message, PIPE);
}

async function classFolders(root: string): Promise<void> {
  await writeImage(join(root, 'NORMAL', 'a.png'), 'png', 32, 1, false);
  await writeImage(join(root, 'PNEUMONIA', 'b.png'), 'png', 32, 2, true);
}

test('calls meeting named pipes are answered at once, the pipe named, and the host answers others after them', async () => {
  const model = join(dir, 'm1');
  await mkdir(model);
  fifo(join(model, 'card.json'));
  const withPatients = join(dir, 'a');
  await classFolders(withPatients);
  fifo(join(withPatients, 'patients.csv'));
  const withCsv = join(dir, 'b');
  await classFolders(withCsv);
  fifo(join(withCsv, 'labels.csv'));
  const study = join(dir, 'x.dcm');
  fifo(study);

  // More at once than libuv has threads (4): unfixed, these alone left the host deaf.
  const [imported, imported2, options, inspectedA, inspectedB, opened, thumbnail] = await Promise.all([
    api('importModel', [model]),
    api('importModel', [model]),
    api('defaultTrainingOptions', [model]),
    api('inspectDataset', [withPatients]),
    api('inspectDataset', [withCsv]),
    api('openStudy', [study]),
    api('getThumbnail', [study]),
  ]);
  refusedFor(imported, join(model, 'card.json'));
  refusedFor(imported2, join(model, 'card.json'));
  refusedFor(options, join(model, 'card.json'));
  refusedFor(inspectedA, join(withPatients, 'patients.csv'));
  // A pipe named *.csv is no labels file: the class folders are read as they are.
  assert.ok(inspectedB.ok, JSON.stringify(inspectedB));
  assert.deepEqual((inspectedB.value as { images: unknown }).images, { NORMAL: 1, PNEUMONIA: 1 });
  refusedFor(opened, study);
  refusedFor(thumbnail, study);

  const info = await api('getInfo', []);
  assert.ok(info.ok, JSON.stringify(info));
});
