#!/usr/bin/env node
// Runs every *.test.ts under tests/ with Node's own test runner (through tsx).
// The tests get a temp folder of their own (TMPDIR), listed and removed afterwards, so a run that
// crashed, or a test that forgot to clean up, does not fill the machine's /tmp run after run.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return find(p);
    return p.endsWith('.test.ts') ? [p] : [];
  });
}
const only = process.argv.slice(2);
const files = (only.length ? only : find('tests')).sort();
const testTmp = mkdtempSync(join(tmpdir(), 'alveo-tests-'));
// Like /tmp (sticky, everyone may write): permission tests run code as nobody, which writes here too.
chmodSync(testTmp, 0o1777);
// Two test files run at a time (about 30% faster on 2 cores: 17 instead of 24+ minutes); one at
// a time with ALVEO_TEST_CONCURRENCY=1. The builds files share (the CLI in out/node, the web UI in
// out/renderer) are then made once first, so two files never race to build one folder.
const concurrency = Number(process.env.ALVEO_TEST_CONCURRENCY ?? 2);
if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`ALVEO_TEST_CONCURRENCY must be a whole number >= 1, not ${process.env.ALVEO_TEST_CONCURRENCY}`);
if (concurrency > 1 && files.length > 1) {
  const built = spawnSync('npm', ['run', '--silent', 'build:node'], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
// Beside spec, a reporter that lists the tests skipped for want of real data (counted below).
const dataSkipsFile = join(testTmp, 'run-tests-data-skips.jsonl');
const dataSkipsReporter = pathToFileURL(join(import.meta.dirname, 'data-skips-reporter.mjs')).href;
// And one that ends the run with the slowest files, on stderr: where CI's minutes go.
const fileTimesReporter = pathToFileURL(join(import.meta.dirname, 'file-times-reporter.mjs')).href;
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', '--test-reporter-destination=stdout',
    `--test-reporter=${dataSkipsReporter}`, `--test-reporter-destination=${dataSkipsFile}`,
    `--test-reporter=${fileTimesReporter}`, '--test-reporter-destination=stderr', ...files],
  { stdio: 'inherit', env: { ...process.env, TMPDIR: testTmp } },
);
// Said, not failed: a clone without the data still runs the core, but should know what it did not run.
if (existsSync(dataSkipsFile)) {
  const skips = readFileSync(dataSkipsFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const root = process.env.ALVEO_SHARED_DATA ? resolve(process.env.ALVEO_SHARED_DATA) : resolve(import.meta.dirname, '../../shared/data');
  const paths = [...new Set(skips.map((s) => s.path))].sort();
  const shown = paths.slice(0, 5).join(', ') + (paths.length > 5 ? ` and ${paths.length - 5} more` : '');
  console.error(
    skips.length === 0
      ? `run-tests: no test skipped for want of real data (data folder: ${root})`
      : `run-tests: ${skips.length} test${skips.length === 1 ? '' : 's'} skipped because real data was not found (data folder: ${root}${process.env.ALVEO_SHARED_DATA ? ', from ALVEO_SHARED_DATA' : '; set ALVEO_SHARED_DATA to use another'}); looked for ${shown}`,
  );
}
// Only the tests' own folders (alveo-*) are named; tools keep caches and logs here too (tsx, Mesa).
const left = readdirSync(testTmp).filter((n) => n.startsWith('alveo'));
if (left.length > 0 && process.env.ALVEO_KEEP_TEST_TMP !== '1') {
  // Names without their random suffix, so the line says which kind of folder was left.
  const kinds = [...new Set(left.map((n) => n.replace(/[-_.]?[A-Za-z0-9]{6}$/, '-*')))].sort();
  console.error(`run-tests: the tests left ${left.length} entries in their temp folder (removed now): ${kinds.join(', ')}`);
}
if (process.env.ALVEO_KEEP_TEST_TMP === '1') console.error(`run-tests: temp files kept in ${testTmp}`);
else rmSync(testTmp, { recursive: true, force: true, maxRetries: 3 });
process.exit(result.status ?? 1);
