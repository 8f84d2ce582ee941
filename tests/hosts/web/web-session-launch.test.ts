// The session token must not reach other local users: a process's arguments are world-readable
// (/proc/<pid>/cmdline), so the browser is given a private launch file that redirects to the
// tokened address, and a log that is not a terminal gets the address without its token.
import assert from 'node:assert/strict';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { createEngine, sourceTreeDeps, type Engine } from '../../../src-main/engine/index';
import { launchDir } from '../../../src-main/hosts/web/launch-file';
import { startWebSession, type WebSession } from '../../../src-main/hosts/web/web-session';
import { tempDir } from '../../support/temp-dir';

let dir: string;
let engine: Engine;
const sessions: WebSession[] = [];

before(async () => {
  dir = await tempDir('alveo-web-launch-');
  mkdirSync(join(dir, 'renderer'));
  writeFileSync(join(dir, 'renderer/index.html'), '<!doctype html><title>alveo</title>');
  engine = createEngine(sourceTreeDeps({ userDir: join(dir, 'home') }));
});

after(async () => {
  for (const s of sessions) await s.close();
  await engine?.dispose();
});

function collector(isTTY: boolean): { write(text: string): void; isTTY: boolean; text: () => string } {
  let all = '';
  return { isTTY, write: (t: string) => void (all += t), text: () => all };
}

async function waitFor(path: string, ms = 10_000): Promise<string> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (existsSync(path)) {
      const body = readFileSync(path, 'utf8');
      if (body.endsWith('\n--end\n')) return body;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${path} never appeared`);
}

test('the browser is started on a private launch file; its arguments never carry the token', async () => {
  // A stand-in for the user's browser: records the arguments it was started with, as the browser
  // (and anyone reading /proc/<pid>/cmdline) would see them.
  const record = join(dir, 'browser-argv.txt');
  const browser = join(dir, 'fake-browser');
  writeFileSync(browser, `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a"; done > ${record}.tmp\nprintf -- '--end\\n' >> ${record}.tmp\nmv ${record}.tmp ${record}\n`, { mode: 0o755 });
  const out = collector(true);
  const folder = join(dir, 'home', 'run');
  const session = await startWebSession({
    engine,
    rendererDir: join(dir, 'renderer'),
    launchDir: folder,
    open: true,
    out,
    env: { ...process.env, BROWSER: `${browser} --new-window %s` },
    platform: 'linux',
  });
  sessions.push(session);
  const { host, launchFile } = session;

  const argv = (await waitFor(record)).split('\n').slice(0, -2);
  assert.deepEqual(argv, ['--new-window', launchFile.fileUrl]);
  assert.ok(!argv.join(' ').includes(host.token), 'the token is not in the browser’s arguments');
  await session.browserOpened;
  assert.match(out.text(), /Asked .*fake-browser to open it\./);

  // readable by this user only
  const file = fileURLToPath(launchFile.fileUrl);
  assert.equal(file, launchFile.path);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.equal(statSync(folder).mode & 0o777, 0o700);
  assert.equal(statSync(file).uid, process.getuid?.());

  // it leads the browser on to the tokened address, which the host accepts (and turns into a cookie)
  const html = readFileSync(file, 'utf8');
  assert.ok(html.includes(`location.replace(${JSON.stringify(host.url)})`));
  assert.match(html, new RegExp(`<meta http-equiv="refresh" content="\\d+;url=${host.url.replace(/[.?]/g, '\\$&')}">`));
  const res = await fetch(host.url);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('set-cookie') ?? '', /^alveo_page_\d+=[0-9a-f]{48}; HttpOnly; SameSite=Strict/);
  assert.ok(!(res.headers.get('set-cookie') ?? '').includes(host.token), 'a page key, not the API token');

  await session.close();
  assert.equal(existsSync(file), false, 'the launch file is removed when the host stops');
  assert.equal((await fetch(host.url).catch(() => null))?.status, undefined, 'the host is stopped');
});

test('not a terminal (a service log): the address is printed without its token, and the file named', async () => {
  const out = collector(false);
  const session = await startWebSession({ engine, rendererDir: join(dir, 'renderer'), launchDir: join(dir, 'home', 'run'), out });
  sessions.push(session);
  const text = out.text();
  assert.ok(!text.includes(session.host.token), `the token is not in the log:\n${text}`);
  assert.ok(text.includes(`${session.host.origin}/`));
  assert.ok(text.includes(session.launchFile.path), 'says where the full address can be read');
  assert.ok(readFileSync(session.launchFile.path, 'utf8').includes(session.host.url));

  // on a terminal the user still gets the full address to copy
  const tty = collector(true);
  const onTerminal = await startWebSession({ engine, rendererDir: join(dir, 'renderer'), launchDir: join(dir, 'home', 'run'), out: tty });
  sessions.push(onTerminal);
  assert.ok(tty.text().includes(onTerminal.host.url));
  // each host has its own file; stopping one leaves the other's
  assert.notEqual(onTerminal.launchFile.path, session.launchFile.path);
  await onTerminal.close();
  assert.ok(existsSync(session.launchFile.path));
});

test('the launch folder is made private, and files of processes that are gone do not pile up', async () => {
  const folder = join(dir, 'other-home', 'run');
  mkdirSync(folder, { recursive: true, mode: 0o755 });
  chmodSync(folder, 0o755);
  const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
  const stale = join(folder, `web-${deadPid}-0a1b2c3d.html`);
  const live = join(folder, `web-${process.ppid}-0a1b2c3d.html`);
  writeFileSync(stale, 'old');
  writeFileSync(live, 'another running host');
  const session = await startWebSession({ engine, rendererDir: join(dir, 'renderer'), launchDir: folder, out: collector(false) });
  sessions.push(session);
  assert.equal(statSync(folder).mode & 0o777, 0o700);
  assert.equal(existsSync(stale), false);
  assert.equal(existsSync(live), true);
  await session.close();
  assert.equal(existsSync(session.launchFile.path), false);
});

test('launch folder: the session runtime folder when it is private, else the user folder', async () => {
  const runtime = await tempDir('alveo-runtime-');
  chmodSync(runtime, 0o700);
  assert.equal(launchDir('/u', { XDG_RUNTIME_DIR: runtime }), join(runtime, 'alveo'));
  chmodSync(runtime, 0o777);
  assert.equal(launchDir('/u', { XDG_RUNTIME_DIR: runtime }), join('/u', 'run'));
  assert.equal(launchDir('/u', {}), join('/u', 'run'));
  assert.equal(launchDir('/u', { XDG_RUNTIME_DIR: 'relative' }), join('/u', 'run'));
});

// A user folder shared by several accounts (no XDG_RUNTIME_DIR, as under systemd): its run/ is
// another account's, so the launch page goes into a fresh private temp folder and the host still
// starts (it refused to start; code review 14 M3). Needs root to make a folder another user owns.
test("a launch folder that is another account's: a private temp folder instead, and the host starts", { skip: process.getuid?.() !== 0 && 'needs root (to make a folder owned by nobody)' }, async () => {
  const folder = join(dir, 'shared-home', 'run');
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  chownSync(folder, 65534, 65534);
  const session = await startWebSession({ engine, rendererDir: join(dir, 'renderer'), launchDir: folder, out: collector(false) });
  sessions.push(session);
  assert.ok(!session.launchFile.path.startsWith(folder), session.launchFile.path);
  assert.equal(statSync(session.launchFile.path).mode & 0o777, 0o600);
  assert.equal(statSync(join(session.launchFile.path, '..')).mode & 0o777, 0o700);
  assert.equal((await fetch(session.host.url)).status, 200);
});
