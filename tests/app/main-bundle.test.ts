// The Electron binary cannot run here, but the built main bundle can: under plain Node with a
// recording stand-in for `electron`. This catches bundling mistakes (the app would not start)
// and checks the security settings main applies, as it actually applies them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';

const repo = resolve(import.meta.dirname, '../..');
// Built into a folder of its own, not out/: the package test (package-contents) builds out/ at the
// same time, and electron-vite empties each folder it builds into (it failed CI once, its package
// missing out/renderer/index.html). Under node_modules/.cache so the bundle still finds the packages.
mkdirSync(join(repo, 'node_modules', '.cache'), { recursive: true });
const out = mkdtempSync(join(repo, 'node_modules', '.cache', 'alveo-main-bundle-'));
after(() => rm(out, { recursive: true, force: true }));
let built: Promise<void> | undefined;
async function buildOnce(): Promise<void> {
  const { build } = await import('electron-vite');
  built ??= build({ configFile: join(repo, 'electron.vite.config.ts'), root: repo, logLevel: 'warn', build: { outDir: out } });
  return built;
}

interface Call {
  call: string;
  args: unknown[];
}

test('the built main process starts, locks the session down and opens one isolated, sandboxed window', { timeout: 240_000 }, async () => {
  await buildOnce();
  const home = await mkdtemp(join(tmpdir(), 'alveo-main-bundle-'));
  try {
    const script = `await import(${JSON.stringify(join(out, 'main/index.js'))}); setTimeout(() => process.exit(0), 1500);`;
    const r = spawnSync(process.execPath, ['--import', join(import.meta.dirname, 'support/electron-hook.mjs'), '--input-type=module', '-e', script], {
      env: { ...process.env, STUB_USER_DIR: home, STUB_APP_PATH: repo, ALVEO_HOME: '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(r.status, 0, `main bundle failed to start:\n${r.stderr}`);
    const line = r.stdout.split('\n').find((l) => l.startsWith('@@RECORD@@'));
    assert.ok(line, 'stub record printed');
    const calls = JSON.parse(line.slice('@@RECORD@@'.length)) as Call[];
    const names = calls.map((c) => c.call);
    for (const expected of [
      'protocol.registerSchemesAsPrivileged',
      'session.defaultSession.webRequest.onBeforeRequest',
      'session.defaultSession.setPermissionRequestHandler',
      'session.defaultSession.setPermissionCheckHandler',
      'protocol.handle',
      'ipcMain.handle',
      'Menu.setApplicationMenu',
    ]) {
      assert.ok(names.includes(expected), `main calls ${expected}`);
    }
    assert.ok(
      calls.some((c) => c.call === 'app.on' && c.args[0] === 'web-contents-created'),
      'every web contents gets navigation / window-open guards',
    );
    const windows = calls.filter((c) => c.call === 'new BrowserWindow');
    assert.equal(windows.length, 1);
    const prefs = (windows[0].args[0] as { webPreferences: Record<string, unknown> }).webPreferences;
    assert.equal(prefs.contextIsolation, true);
    assert.equal(prefs.nodeIntegration, false);
    assert.equal(prefs.sandbox, true);
    assert.equal(prefs.webSecurity, true);
    assert.equal(prefs.webviewTag, false);
    assert.equal(String(prefs.preload), join(out, 'preload', 'index.cjs'), 'the preload built beside main');
    const load = calls.find((c) => c.call === 'new BrowserWindow.loadURL');
    assert.equal(load?.args[0], 'alveo://app/index.html');
    const handles = calls.filter((c) => c.call === 'ipcMain.handle').map((c) => c.args[0]);
    assert.deepEqual(handles.sort(), ['api:call', 'app:open-dialog']);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});

test('the built preload exposes exactly { call, onEvent, openFileDialog, pathForFile }', { timeout: 240_000 }, async () => {
  await buildOnce();
  const r = spawnSync(
    process.execPath,
    ['--import', join(import.meta.dirname, 'support/electron-hook.mjs'), '--input-type=module', '-e',
      `import { createRequire } from 'node:module'; const electron = await import('electron');
       globalThis.require = (m) => (m === 'electron' ? electron : createRequire(import.meta.url)(m));
       const src = (await import('node:fs')).readFileSync(${JSON.stringify(join(out, 'preload/index.cjs'))}, 'utf8');
       new Function('require', src)(globalThis.require);`],
    { encoding: 'utf8', timeout: 30_000 },
  );
  assert.equal(r.status, 0, r.stderr);
  const line = r.stdout.split('\n').find((l) => l.startsWith('@@RECORD@@'));
  const calls = JSON.parse(line!.slice('@@RECORD@@'.length)) as Call[];
  const exposed = calls.filter((c) => c.call === 'contextBridge.exposeInMainWorld');
  assert.equal(exposed.length, 1);
  assert.equal(exposed[0].args[0], 'alveo');
  assert.deepEqual(Object.keys(exposed[0].args[1] as object).sort(), ['call', 'onEvent', 'openFileDialog', 'pathForFile']);
});
