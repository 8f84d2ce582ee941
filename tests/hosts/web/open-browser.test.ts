// How the web host picks the browser command: $BROWSER first (colon list, %s slot), the platform's
// opener otherwise, and null (so the host says "open it yourself") when nothing can run.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserCommands, openBrowser } from '../../../src-main/hosts/web/open-browser';

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
  assert.equal(browserCommands(url, {}, 'win32')[0].command, 'cmd');
});

test('no runnable browser: openBrowser says so instead of failing', () => {
  assert.equal(openBrowser(url, { BROWSER: 'no-such-browser-alveo', PATH: '/nonexistent' }, 'linux'), null);
  assert.equal(openBrowser(url, { PATH: '/nonexistent' }, 'linux'), null);
});
