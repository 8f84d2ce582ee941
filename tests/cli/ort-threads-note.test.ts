// A bad ALVEO_ORT_THREADS is said once on stderr, with the threads used instead; a good one is quiet.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useCliFixtures } from './support/cli-fixtures';
import { runCli } from './support/run-cli';

const cli = useCliFixtures();

test('predict with ALVEO_ORT_THREADS=abc: one stderr line says it was not understood and how many threads run', async () => {
  const bad = await runCli(['predict', cli.fx.png, '--model', 'small-a', '--json'], { ...cli.env, ALVEO_ORT_THREADS: 'abc' });
  assert.equal(bad.code, 0, bad.stderr);
  const notes = bad.stderr.split('\n').filter((l) => l.includes('ALVEO_ORT_THREADS'));
  assert.equal(notes.length, 1, bad.stderr);
  assert.match(notes[0], /^alveo: ALVEO_ORT_THREADS="abc" not understood .*: using (\d+) threads?/);
  const threads = /using (\d+) thread/.exec(notes[0])?.[1];
  assert.match((JSON.parse(bad.stdout) as { engine: string }).engine, new RegExp(`\\(cpu, ${threads} threads?\\)|cuda|dml|coreml`), 'the count said is the count used');
  const good = await runCli(['predict', cli.fx.png, '--model', 'small-a', '--json'], { ...cli.env, ALVEO_ORT_THREADS: '1' });
  assert.equal(good.code, 0, good.stderr);
  assert.doesNotMatch(good.stderr, /ALVEO_ORT_THREADS/);
});
