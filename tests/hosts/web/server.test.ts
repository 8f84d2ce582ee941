// The web door against the real engine: who may talk to it (token, Host, Origin, loopback only),
// what it refuses (bad arguments, stray paths), and that typed arrays cross it intact.
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import WebSocket from 'ws';
import { decodeFrame, encodeFrame, FRAME_CONTENT_TYPE } from '../../../src-main/api/codec';
import type { ApiEnvelope } from '../../../src-main/api/transport';
import { createEngine, sourceTreeDeps, type Engine } from '../../../src-main/engine/index';
import { startWebHost, type WebHost } from '../../../src-main/hosts/web/server';
import type { ApiEvent } from '../../../src-main/api/transport';
import { ensureModel } from '../../e2e/support/test-model';

let dir: string;
let engine: Engine;
let host: WebHost;
let png: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-web-'));
  // A tiny renderer folder: this test is about the door, not the UI (tests/e2e serve the real one).
  await mkdir(join(dir, 'renderer/assets'), { recursive: true });
  await writeFile(join(dir, 'renderer/index.html'), '<!doctype html><title>t</title>');
  await writeFile(join(dir, 'renderer/assets/app.js'), 'console.log(1)');
  await writeFile(join(dir, 'secret.txt'), 'outside the renderer');
  // A 40x30 gradient PNG the test draws itself.
  const raw = Buffer.alloc(40 * 30);
  for (let i = 0; i < raw.length; i++) raw[i] = (i % 40) * 6;
  png = join(dir, 'gradient.png');
  await sharp(raw, { raw: { width: 40, height: 30, channels: 1 } }).png().toFile(png);
  engine = createEngine(sourceTreeDeps({ userDir: join(dir, 'home') }));
  host = await startWebHost({ engine, rendererDir: join(dir, 'renderer') });
});

after(async () => {
  await host?.close();
  await engine?.dispose();
  await rm(dir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function http(path: string, opts: { method?: string; headers?: Record<string, string>; body?: Uint8Array | string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, path, method: opts.method ?? 'GET', headers: { host: `127.0.0.1:${host.port}`, ...opts.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

function api(method: string, args: unknown[], headers: Record<string, string> = {}): Promise<Reply> {
  return http(`/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': FRAME_CONTENT_TYPE, 'x-alveo-token': host.token, ...headers },
    body: encodeFrame(args),
  });
}

const envelope = (r: Reply) => decodeFrame(new Uint8Array(r.body)) as ApiEnvelope;

test('listens on 127.0.0.1 only', async (t) => {
  assert.match(host.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
  const external = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal);
  if (!external) return t.skip('no non-loopback IPv4 interface on this machine to try');
  const refused = await new Promise<boolean>((resolve) => {
    const s = connect({ host: external.address, port: host.port });
    s.once('connect', () => (s.destroy(), resolve(false)));
    s.once('error', () => resolve(true));
  });
  assert.ok(refused, `connection to ${external.address}:${host.port} should be refused`);
});

test('the page needs the token once, then a same-site cookie carries it', async () => {
  assert.equal((await http('/')).status, 401);
  assert.equal((await http('/?token=wrong')).status, 401);
  const first = await http(`/?token=${host.token}`);
  assert.equal(first.status, 200);
  const cookie = String(first.headers['set-cookie']);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  assert.match(String(first.headers['content-security-policy']), /default-src 'none'.*script-src 'self'/);
  const asset = await http('/assets/app.js', { headers: { cookie: cookie.split(';')[0] } });
  assert.equal(asset.status, 200);
  assert.equal(asset.body.toString(), 'console.log(1)');
  assert.equal((await http('/assets/app.js')).status, 401);
  // The browser sends a 127.0.0.1 cookie to every port there: it must not be the API's token.
  const value = cookie.split(';')[0].split('=')[1];
  assert.ok(!cookie.includes(host.token), 'the API token is not in the cookie');
  assert.match(value, /^[0-9a-f]{48}$/);
  assert.equal((await api('getInfo', [], { 'x-alveo-token': value })).status, 401, 'the page key does not open the API');
  assert.equal((await http(`/?token=${value}`)).status, 401, 'nor is it a token');
});

test('files outside the renderer folder are not served', async () => {
  const auth = { 'x-alveo-token': host.token };
  for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%00']) {
    assert.equal((await http(p, { headers: auth })).status, 404, p);
  }
});

test('the API refuses calls without the token header (a cookie is not enough)', async () => {
  const noToken = await http('/api/getInfo', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[]' });
  assert.equal(noToken.status, 401);
  assert.equal((await api('getInfo', [], { 'x-alveo-token': 'f'.repeat(48) })).status, 401);
  const first = await http(`/?token=${host.token}`);
  const cookie = String(first.headers['set-cookie']).split(';')[0];
  const withCookie = await http('/api/getInfo', { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: '[]' });
  assert.equal(withCookie.status, 401);
});

test('a wrong Host header is refused (DNS rebinding), and so is a foreign Origin', async () => {
  for (const h of ['evil.example', `evil.example:${host.port}`, `127.0.0.1:${host.port + 1}`, `192.168.0.10:${host.port}`]) {
    const r = await http(`/?token=${host.token}`, { headers: { host: h } });
    assert.equal(r.status, 421, h);
    assert.equal((await api('getInfo', [], { host: h })).status, 421, h);
  }
  assert.equal((await api('getInfo', [], { origin: 'http://evil.example' })).status, 403);
  assert.equal((await api('getInfo', [], { origin: `http://127.0.0.1:${host.port}` })).status, 200);
});

test('bad arguments and unknown methods come back as BAD_ARGUMENT', async () => {
  for (const [method, args] of [
    ['openStudy', [123]],
    ['openStudy', []],
    ['nope', []],
    ['constructor', []],
    ['%E0%A4%A', []],
    ['startScore', [{ folder: 1 }]],
  ] as [string, unknown[]][]) {
    const r = await api(method, args);
    assert.equal(r.status, 400, method);
    const e = envelope(r);
    assert.ok(!e.ok && e.error.code === 'BAD_ARGUMENT', `${method}: ${JSON.stringify(e)}`);
  }
  const garbage = await http('/api/getInfo', {
    method: 'POST',
    headers: { 'content-type': FRAME_CONTENT_TYPE, 'x-alveo-token': host.token },
    body: new Uint8Array([9, 9, 9]),
  });
  assert.equal(garbage.status, 400);
  const wrongType = await http('/api/getInfo', { method: 'POST', headers: { 'content-type': 'text/plain', 'x-alveo-token': host.token }, body: '[]' });
  assert.equal(wrongType.status, 415);
});

test('a study opens through the door and its Float32Array values arrive intact', async () => {
  const opened = envelope(await api('openStudy', [png]));
  assert.ok(opened.ok, JSON.stringify(opened));
  const info = opened.value as { studyId: string; rows: number; columns: number };
  assert.deepEqual([info.rows, info.columns], [30, 40]);
  const image = envelope(await api('getStudyImage', [info.studyId]));
  assert.ok(image.ok);
  const values = (image.value as { values: Float32Array }).values;
  assert.ok(values instanceof Float32Array);
  assert.equal(values.length, 1200);
  const direct = (await engine.getStudyImage(info.studyId)).values;
  assert.deepEqual([...values], [...direct]);
  assert.equal((envelope(await api('closeStudy', [info.studyId])) as { ok: boolean }).ok, true);
});

test('engine errors cross as plain words with their code', async () => {
  const bad = join(dir, 'broken.dcm');
  await writeFile(bad, Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), Buffer.from('garbage that is not a data set')]));
  const e = envelope(await api('openStudy', [bad]));
  assert.ok(!e.ok);
  assert.ok(['CORRUPT', 'NOT_AN_IMAGE', 'NO_PIXELS', 'UNSUPPORTED'].includes(e.error.code), e.error.code);
  assert.match(e.error.message, /broken\.dcm/);
  const missing = envelope(await api('openStudy', [join(dir, 'nope.dcm')]));
  assert.ok(!missing.ok && missing.error.code === 'NOT_FOUND');
});

test('the event socket needs the token and our origin', async () => {
  const url = `ws://127.0.0.1:${host.port}/api/events`;
  const attempt = (protocols: string[], headers: Record<string, string> = {}) =>
    new Promise<'open' | 'refused'>((resolve) => {
      const ws = new WebSocket(url, protocols, { headers });
      ws.once('open', () => (ws.close(), resolve('open')));
      ws.once('error', () => resolve('refused'));
    });
  assert.equal(await attempt([]), 'refused');
  assert.equal(await attempt(['alveo-token.' + 'f'.repeat(48)]), 'refused');
  assert.equal(await attempt(['alveo-token.' + host.token], { origin: 'http://evil.example' }), 'refused');
  assert.equal(await attempt(['alveo-token.' + host.token], { origin: `http://127.0.0.1:${host.port}` }), 'open');
});

test('engine events (a scoring job) reach a connected page over the socket', async () => {
  const deps = sourceTreeDeps({ userDir: join(dir, 'home') });
  await ensureModel(engine, { builtInDir: deps.builtInModelsDir, userDir: deps.userDir });
  const folder = join(dir, 'batch');
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'a.png'), await sharp(Buffer.alloc(64 * 64, 90), { raw: { width: 64, height: 64, channels: 1 } }).png().toBuffer());
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/events`, ['alveo-token.' + host.token], {
    headers: { origin: `http://127.0.0.1:${host.port}` },
  });
  const events: ApiEvent[] = [];
  const done = new Promise<void>((resolve, reject) => {
    ws.on('message', (data: Buffer) => {
      const e = decodeFrame(new Uint8Array(data)) as ApiEvent;
      events.push(e);
      if (e.type === 'job:end' && e.outcome === 'done') resolve();
      else if (e.type === 'job:end') reject(new Error(e.error ?? e.outcome));
    });
  });
  await new Promise((r) => ws.once('open', r));
  const started = envelope(await api('startScore', [{ folder }]));
  assert.ok(started.ok, JSON.stringify(started));
  await done;
  ws.close();
  const jobId = (started.value as { jobId: string }).jobId;
  assert.ok(events.every((e) => !('jobId' in e) || e.jobId === jobId));
  const rows = events.filter((e) => e.type === 'job:row');
  assert.equal(rows.length, 1);
  assert.match(JSON.stringify(rows[0]), /a\.png/);
});

test('a refused upgrade whose peer resets, and a malformed or oversized frame on the event socket, end only that socket (review 44 F1)', async () => {
  // Without a listener for their error the host process died (this test's own process here).
  for (let i = 0; i < 30; i++) {
    const sock = connect(host.port, '127.0.0.1');
    await new Promise<void>((resolve) => sock.once('connect', () => resolve()));
    sock.write(`GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${Buffer.alloc(16, i).toString('base64')}\r\n\r\n`);
    sock.resetAndDestroy();
  }
  const closedWith = (send: (ws: WebSocket) => void) =>
    new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/events`, ['alveo-token.' + host.token], { headers: { origin: `http://127.0.0.1:${host.port}` } });
      ws.once('open', () => send(ws));
      ws.once('close', (code: number) => resolve(code));
      ws.once('error', reject);
    });
  // A text frame that is not UTF-8 (1007), and one over the 64 KiB the socket takes (1009).
  assert.equal(await closedWith((ws) => ws.send(Buffer.from([0xff, 0xfe, 0xc3, 0x28]), { binary: false })), 1007);
  assert.equal(await closedWith((ws) => ws.send(Buffer.alloc(70 * 1024))), 1009);
  await new Promise((r) => setTimeout(r, 300));
  const info = envelope(await api('getInfo', []));
  assert.ok(info.ok, 'the host still answers');
});

test('an optional argument sent as null (JSON has no undefined) is the engine default, not an internal error (review 44 F5)', async () => {
  const r = envelope(await api('defaultTrainingOptions', [null]));
  assert.ok(r.ok, JSON.stringify(r));
});

test('a --port already in use is refused in one line that says what to do (review 44 F6)', async () => {
  await assert.rejects(startWebHost({ engine, rendererDir: join(dir, 'renderer'), port: host.port }), (err: Error) => {
    assert.equal(err.message, `port ${host.port} on 127.0.0.1 is in use (another Alveo, or another program): choose another --port, or leave it out to pick a free one`);
    return true;
  });
});
