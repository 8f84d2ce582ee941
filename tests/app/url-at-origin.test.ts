// The Electron shell trusts IPC and requests from its own origin only: alveo://app, and under
// `electron-vite dev` the dev server. A prefix test let look-alike hosts through (review 44).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { urlAtOrigin } from '../../src-main/app/url-at-origin';

test('a URL is trusted on its own origin only, not on a look-alike host, port or user part', () => {
  assert.equal(urlAtOrigin('alveo://app/index.html', 'alveo://app'), true);
  assert.equal(urlAtOrigin('alveo://app/assets/x.js?v=1#a', 'alveo://app'), true);
  assert.equal(urlAtOrigin('http://localhost:5173/', 'http://localhost:5173'), true);
  assert.equal(urlAtOrigin('ws://localhost:5173/', 'http://localhost:5173', 'ws'), true);
  for (const url of [
    'alveo://app.evil/index.html',
    'alveo://apps/index.html',
    'http://localhost:5173.evil.example/',
    'http://localhost:51730/',
    'http://localhost:5173@evil.example/',
    'http://user@localhost:5173/',
    'https://localhost:5173/',
    'ws://localhost:5173/',
    'not a url',
    '',
  ]) {
    const origin = url.startsWith('alveo') ? 'alveo://app' : 'http://localhost:5173';
    assert.equal(urlAtOrigin(url, origin), false, url);
  }
  assert.equal(urlAtOrigin('http://localhost:5173/', 'not a url'), false);
});
