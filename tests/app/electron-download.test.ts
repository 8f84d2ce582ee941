// What `npm start` says about Electron's binary (review 25 LOW 2): no "(first start)" on every
// start, no download on a Node older than Electron's downloader needs, and a failure in plain
// words that names ALVEO_SKIP_ELECTRON_DOWNLOAD=1.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { REPO_ROOT } from '../cli/support/run-cli';

interface Words {
  SKIP_HINT: string;
  nodeBelowEngines(enginesNode: string | undefined, node: string): string | null;
  downloadFailureInWords(r: { output?: string; error?: { code?: string; message?: string }; status?: number | null; timeoutMinutes: number }): string;
}
const load = async (): Promise<Words> => (await import(pathToFileURL(join(REPO_ROOT, 'bin/electron-download.mjs')).href)) as Words;

test("a Node below Electron's engines is named, so the download is not tried", async () => {
  const { nodeBelowEngines } = await load();
  assert.equal(nodeBelowEngines('>= 22.12.0', '20.20.2'), '22.12.0');
  assert.equal(nodeBelowEngines('>=22.12.0', '22.11.9'), '22.12.0');
  assert.equal(nodeBelowEngines('>= 22.12.0', '22.12.0'), null);
  assert.equal(nodeBelowEngines('>= 22.12.0', '24.1.0'), null);
  assert.equal(nodeBelowEngines('>=22', '21.7.3'), '22');
  assert.equal(nodeBelowEngines(undefined, '20.20.2'), null, 'no engines: try');
  assert.equal(nodeBelowEngines('^22 || >=24', '20.20.2'), null, 'a range it does not read: try');
});

test('a failed download in plain words, with the way to stop trying', async () => {
  const { downloadFailureInWords, SKIP_HINT } = await load();
  const fetchFailed = 'TypeError: fetch failed\n    at node:internal/deps/undici/undici:14976:13\n    at async FetchDownloader.download (…)\n';
  assert.equal(downloadFailureInWords({ output: fetchFailed, status: 1, timeoutMinutes: 5 }), 'no network (fetch failed)');
  assert.equal(
    downloadFailureInWords({ output: 'Error: getaddrinfo ENOTFOUND github.com\n', status: 1, timeoutMinutes: 5 }),
    'no network (getaddrinfo ENOTFOUND github.com)',
  );
  assert.equal(downloadFailureInWords({ output: 'HTTPError: Response code 404 (Not Found)\n', status: 1, timeoutMinutes: 5 }), 'the download server answered HTTP 404');
  assert.equal(downloadFailureInWords({ error: { code: 'ETIMEDOUT', message: 'spawnSync node ETIMEDOUT' }, status: null, timeoutMinutes: 5 }), 'the download took over 5 minutes and was stopped');
  assert.equal(downloadFailureInWords({ output: '\n', status: 7, timeoutMinutes: 5 }), 'the downloader exited with code 7');
  assert.match(SKIP_HINT, /ALVEO_SKIP_ELECTRON_DOWNLOAD=1/);
});
