// Stopping `alveo-web` whose engine work is stuck in the system (review 44 F2): it closed its
// server, then waited on engine.dispose() for good, and a second SIGTERM did nothing; only SIGKILL
// ended it. The stuck work here is real: the month's audit file is a named pipe, so the line a
// refused call leaves blocks in open() until something reads the pipe, and dispose waits for it.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { makeFifo } from '../../cli/support/fifo';
import { tempDir } from '../../support/temp-dir';

const children: ChildProcess[] = [];
const fifos: Array<{ release(): Promise<void> }> = [];
after(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await Promise.all(fifos.map((f) => f.release()));
});

interface Host {
  child: ChildProcess;
  origin: string;
  token: string;
  launchFile: string;
  stderr: () => string;
  ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `alveo-web` on a free port; `stuck`: its user folder's audit file for this month is a named pipe. */
async function startHost(stuck: boolean): Promise<Host> {
  const dir = await tempDir('alveo-web-stop-');
  const home = join(dir, 'home');
  mkdirSync(join(home, 'audit'), { recursive: true, mode: 0o700 });
  if (stuck) fifos.push(makeFifo(join(home, 'audit', `${new Date().toISOString().slice(0, 7)}.jsonl`)));
  // A renderer build newer than the sources: nothing to build before listening.
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>alveo</title>');
  const env: NodeJS.ProcessEnv = { ...process.env, ALVEO_HOME: home, ALVEO_RENDERER_OUT: dir, BROWSER: '/bin/true' };
  delete env.XDG_RUNTIME_DIR; // the launch file in home/run, where this test reads the token
  const child = spawn(process.execPath, ['bin/alveo-web.mjs', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) => child.on('close', (code, signal) => ok({ code, signal })));
  const launchFile = await new Promise<string>((ok, fail) => {
    child.stdout?.on('data', (b: Buffer) => {
      stdout += b.toString();
      const m = / is in (\S+\.html) /.exec(stdout);
      if (m) ok(m[1]);
    });
    void ended.then(() => fail(new Error(`alveo-web ended before listening:\n${stderr}`)));
  });
  const url = /http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+/.exec(readFileSync(launchFile, 'utf8'))?.[0];
  assert.ok(url, 'the launch file holds the address');
  const u = new URL(url);
  return { child, origin: u.origin, token: u.searchParams.get('token') ?? '', launchFile, stderr: () => stderr, ended };
}

/** A call the engine refuses at once (no such folder), which still leaves an audit line: the stuck one. */
function refusedCall(host: Host): Promise<number> {
  return new Promise((ok, fail) => {
    const req = request(`${host.origin}/api/importModel`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-alveo-token': host.token } }, (res) => {
      res.resume();
      res.on('end', () => ok(res.statusCode ?? 0));
    });
    req.on('error', fail);
    req.end(JSON.stringify(['/no/such/model/folder']));
  });
}

/** The process's end, or null if it is still running after `ms`. */
async function endWithin(host: Host, ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null } | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((ok) => (timer = setTimeout(() => ok(null), ms)));
  try {
    return await Promise.race([host.ended, late]);
  } finally {
    clearTimeout(timer);
  }
}

test('SIGTERM with nothing stuck: the host ends at once, exit 0, its launch file removed', { timeout: 180_000 }, async () => {
  const host = await startHost(false);
  assert.equal(await refusedCall(host), 200); // its audit line is written: nothing left waiting
  host.child.kill('SIGTERM');
  const end = await endWithin(host, 5_000);
  assert.deepEqual(end, { code: 0, signal: null }, host.stderr());
  assert.equal(existsSync(host.launchFile), false);
  assert.doesNotMatch(host.stderr(), /did not end/);
});

test('SIGTERM while the engine work is stuck: the host ends within its 10 s limit and says why', { timeout: 180_000 }, async () => {
  const host = await startHost(true);
  assert.equal(await refusedCall(host), 200);
  const sent = Date.now();
  host.child.kill('SIGTERM');
  const end = await endWithin(host, 25_000);
  assert.ok(end, `still running 25 s after SIGTERM; stderr:\n${host.stderr()}`);
  assert.ok(Date.now() - sent >= 9_000, `ended after ${Date.now() - sent} ms: the audit line was not stuck, so this proves nothing`);
  assert.deepEqual(end, { code: null, signal: 'SIGTERM' });
  assert.match(host.stderr(), /alveo-web: the engine's work did not end within 10 s of SIGTERM; exiting without it/);
});

test('a second SIGTERM ends a host whose stop is stuck at once, as the CLI does', { timeout: 180_000 }, async () => {
  const host = await startHost(true);
  assert.equal(await refusedCall(host), 200);
  host.child.kill('SIGTERM');
  assert.equal(await endWithin(host, 1_500), null, 'the first SIGTERM waits for the engine (stuck here)');
  const second = Date.now();
  host.child.kill('SIGTERM');
  const end = await endWithin(host, 3_000);
  assert.ok(end, `still running 3 s after a second SIGTERM; stderr:\n${host.stderr()}`);
  assert.ok(Date.now() - second < 3_000);
  assert.deepEqual(end, { code: null, signal: 'SIGTERM' });
});
