// Smoke test of the real Electron shell through Playwright's _electron driver. The Electron
// binary is downloaded by electron's install script; where it is absent (as in this project's
// build sandbox) the test is skipped and says so.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { _electron } from 'playwright-core';
import { REPO_ROOT, SCREENSHOTS } from './support/shared-data';

// Browser globals used inside page.evaluate (the Node test config has no DOM library).
declare const window: {
  alveo: { call(method: string, args: unknown[]): Promise<unknown> };
  require?: unknown;
  process?: unknown;
  open(url: string): unknown;
  location: { href: string };
};
declare function fetch(url: string): Promise<unknown>;

function electronBinary(): string | null {
  try {
    const pkgDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const rel = readFileSync(join(pkgDir, 'path.txt'), 'utf8').trim();
    const bin = join(pkgDir, 'dist', rel);
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const skip = !binary
  ? 'Electron binary not installed (node_modules/electron/dist is missing; run `node node_modules/electron/install.js` where downloads are allowed)'
  : noDisplay
    ? 'no display for Electron on this Linux machine: run the tests under xvfb-run to include the Electron smoke test'
    : false;

test('the Electron shell starts locked down and serves the engine over IPC', { skip, timeout: 180_000 }, async () => {
  const { build } = await import('electron-vite');
  await build({ configFile: join(REPO_ROOT, 'electron.vite.config.ts'), root: REPO_ROOT });
  const home = await mkdtemp(join(tmpdir(), 'alveo-electron-'));
  const app = await _electron.launch({
    executablePath: binary as string,
    args: [REPO_ROOT],
    env: { ...process.env, ALVEO_HOME: home },
  });
  try {
    const page = await app.firstWindow();
    await page.getByTestId('study-panel').waitFor();
    assert.equal(await page.title(), 'Alveo');
    assert.match(page.url(), /^alveo:\/\/app\//);
    const exposed = await page.evaluate(() => ({
      bridge: Object.keys(window.alveo).sort(),
      require: typeof window.require,
      process: typeof window.process,
    }));
    assert.deepEqual(exposed, { bridge: ['call', 'onEvent', 'openFileDialog', 'pathForFile'], require: 'undefined', process: 'undefined' });
    const info = await page.evaluate(() => window.alveo.call('getInfo', []));
    assert.equal((info as { ok: boolean }).ok, true);
    const refused = await page.evaluate(() => window.alveo.call('openStudy', [42]));
    assert.deepEqual((refused as { ok: boolean; error: { code: string } }).error.code, 'BAD_ARGUMENT');
    // No network, no navigation, no new windows.
    const network = await page.evaluate(() => fetch('https://example.com/').then(() => 'reached', () => 'blocked'));
    assert.equal(network, 'blocked');
    assert.equal(await page.evaluate(() => window.open('https://example.com/') === null), true);
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    assert.match(page.url(), /^alveo:\/\/app\//);
    await page.screenshot({ path: join(SCREENSHOTS, 'electron-smoke.png') });
  } finally {
    await app.close();
    await rm(home, { recursive: true, force: true });
  }
});
