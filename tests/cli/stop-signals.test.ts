// Ctrl-Break on Windows stops a run as Ctrl-C does (keeping what it finished), not on the spot
// (review 29 F12); elsewhere SIGBREAK does not exist and is not listened to.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stopSignals } from '../../src-main/cli/on-stop-request';

test('the signals a run listens to, per platform', () => {
  assert.deepEqual(stopSignals('win32'), ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']);
  assert.deepEqual(stopSignals('linux'), ['SIGINT', 'SIGTERM', 'SIGHUP']);
  assert.deepEqual(stopSignals('darwin'), ['SIGINT', 'SIGTERM', 'SIGHUP']);
});
