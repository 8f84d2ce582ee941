// How the web host picks the browser command: $BROWSER first (colon list, %s slot), the platform's
// opener otherwise, and "open it yourself" when nothing can run, when the opener fails, or when a
// Linux session has no display (review 25 LOW 1: "Opened it with xdg-open." when nothing opened).
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { browserCommands, browserOutcomeMessage, openBrowser } from '../../../src-main/hosts/web/open-browser';
import { tempDir } from '../../support/temp-dir';

const url = 'http://127.0.0.1:5/?token=ab';

test('$BROWSER entries: %s is replaced, otherwise the address is appended; first one first', () => {
  assert.deepEqual(browserCommands(url, { BROWSER: 'firefox --new-tab %s:chromium' }, 'linux'), [
    { command: 'firefox', args: ['--new-tab', url] },
    { command: 'chromium', args: [url] },
  ]);
});

test('without $BROWSER each platform uses its opener', () => {
  assert.deepEqual(browserCommands(url, {}, 'linux'), [{ command: 'xdg-open', args: [url] }]);
  assert.deepEqual(browserCommands(url, {}, 'darwin'), [{ command: 'open', args: [url] }]);
  // No cmd in between: its quoting of an empty "" title is not what Node's quoting gives it (review 29 F7).
  assert.deepEqual(browserCommands(`${url}&x=1`, {}, 'win32'), [{ command: 'rundll32', args: ['url.dll,FileProtocolHandler', `${url}&x=1`] }]);
});

test('no runnable browser: openBrowser says so instead of failing', async () => {
  assert.deepEqual(await openBrowser(url, { BROWSER: 'no-such-browser-alveo', PATH: '/nonexistent' }, 'linux'), { kind: 'none' });
  assert.deepEqual(await openBrowser(url, { PATH: '/nonexistent', DISPLAY: ':0' }, 'linux'), { kind: 'none' });
});

/** A stand-in opener that notes it ran, runs for `seconds` and exits with `code`. */
async function fakeOpener(name: string, code: number, seconds = 0): Promise<{ dir: string; ran: string }> {
  const dir = await tempDir('alveo-opener-');
  const ran = join(dir, 'ran');
  writeFileSync(join(dir, name), `#!/bin/sh\n: > ${ran}\nsleep ${seconds}\nexit ${code}\n`, { mode: 0o755 });
  return { dir, ran };
}

test('an opener that exits non-zero is reported as failed, not as opened', async () => {
  const outcome = await openBrowser(url, { BROWSER: '/bin/false', PATH: '/usr/bin:/bin', DISPLAY: ':0' }, 'linux');
  assert.deepEqual(outcome, { kind: 'failed', command: '/bin/false', why: 'it exited with code 1' });
  assert.equal(browserOutcomeMessage(outcome, 'file:///x.html'), '/bin/false could not open it (it exited with code 1): open file:///x.html in a browser.');

  // xdg-open without a browser to hand to exits 3
  const { dir } = await fakeOpener('xdg-open', 3);
  const xdg = await openBrowser(url, { PATH: dir, DISPLAY: ':0' }, 'linux');
  assert.equal(xdg.kind, 'failed');
  assert.doesNotMatch(browserOutcomeMessage(xdg, 'file:///x.html'), /Opened/);
});

test('an opener that exits 0 (or keeps running) was asked: the message claims no more', async () => {
  const { dir, ran } = await fakeOpener('xdg-open', 0);
  const outcome = await openBrowser(url, { PATH: dir, WAYLAND_DISPLAY: 'wayland-0' }, 'linux');
  assert.deepEqual(outcome, { kind: 'asked', command: 'xdg-open' });
  assert.ok(existsSync(ran));
  assert.equal(browserOutcomeMessage(outcome, 'file:///x.html'), 'Asked xdg-open to open it.');

  // a browser that is still running when the wait ends
  const browser = await fakeOpener('browser', 1, 2); // its later exit code is no longer looked at
  const started = Date.now();
  const slow = await openBrowser(url, { BROWSER: join(browser.dir, 'browser'), PATH: '/usr/bin:/bin' }, 'linux', 200);
  assert.deepEqual(slow, { kind: 'asked', command: join(browser.dir, 'browser') });
  assert.ok(Date.now() - started < 5000);
});

test('Linux without a display: xdg-open is not tried; $BROWSER still is (it may forward over SSH)', async () => {
  const { dir, ran } = await fakeOpener('xdg-open', 0);
  const outcome = await openBrowser(url, { PATH: dir }, 'linux');
  assert.deepEqual(outcome, { kind: 'no-display' });
  assert.equal(existsSync(ran), false, 'xdg-open was not started');
  assert.match(browserOutcomeMessage(outcome, 'file:///x.html'), /^No graphical display here .*: open file:\/\/\/x\.html in a browser\.$/);

  const forwarded = await fakeOpener('forward-browser', 0);
  assert.deepEqual(await openBrowser(url, { BROWSER: join(forwarded.dir, 'forward-browser'), PATH: '/usr/bin:/bin' }, 'linux'), {
    kind: 'asked',
    command: join(forwarded.dir, 'forward-browser'),
  });
  assert.ok(existsSync(forwarded.ran));
});
