// scripts/run-tests.mjs ends a run by counting the tests skipped because their real data was not
// found, naming the data folder (ALVEO_SHARED_DATA when set) and the paths looked for; the run still
// passes. Run on tests/fixtures/data-skips-sample.ts with a data folder the test makes (5 tests:
// the parent of its subtest counts as one, and passes).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../support/temp-dir';

const REPO = resolve(import.meta.dirname, '../..');

function runSample(data: string): { status: number | null; out: string } {
  // Without this test's own runner marker, which would make the inner node --test skip its files.
  const { NODE_TEST_CONTEXT: _inner, ...env } = process.env;
  const r = spawnSync(process.execPath, ['scripts/run-tests.mjs', 'tests/fixtures/data-skips-sample.ts'], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...env, ALVEO_SHARED_DATA: data, ALVEO_TEST_CONCURRENCY: '1' },
    timeout: 120_000,
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

test('an empty data folder: the three data skips are counted (not the other skip), with where they looked; exit 0', async () => {
  const data = await tempDir('alveo-no-data-');
  const { status, out } = runSample(data);
  assert.equal(status, 0, out);
  assert.match(out, /ℹ skipped 4/, out);
  const line = out.split('\n').find((l) => l.startsWith('run-tests: ') && l.includes('real data')) ?? '';
  assert.ok(line.startsWith(`run-tests: 3 tests skipped because real data was not found (data folder: ${data}, from ALVEO_SHARED_DATA); looked for `), out);
  for (const p of ['dicom/native', 'dicom/small', 'kermany-orig/val']) assert.ok(line.includes(join(data, p)), `${p} in: ${line}`);
});

test('ALVEO_SHARED_DATA naming a folder that has the data: the tests run, none is counted', async () => {
  const data = await tempDir('alveo-data-');
  for (const p of ['dicom/native', 'dicom/small', 'kermany-orig/val']) await mkdir(join(data, p), { recursive: true });
  const { status, out } = runSample(data);
  assert.equal(status, 0, out);
  assert.match(out, /ℹ pass 4\n/, out);
  assert.match(out, /ℹ skipped 1\n/, out);
  assert.ok(out.includes(`run-tests: no test skipped for want of real data (data folder: ${data})`), out);
});
