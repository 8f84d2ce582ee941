// Exit 1 covers two cases scripts cannot tell apart by the code (kept for them): some images failed,
// or the whole run failed. score's last stderr line says which.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useCliFixtures } from '../support/cli-fixtures';
import { runCli } from '../support/run-cli';

const cli = useCliFixtures();
const last = (stderr: string) => stderr.trimEnd().split('\n').at(-1) ?? '';

test('score with one unreadable image of three: exit 1, last line "1 of 3 images failed"', async () => {
  const r = await runCli(['score', cli.fx.folder, '--model', 'small-a'], cli.env);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(last(r.stderr), '1 of 3 images failed (each row says why)');
});

test('score with a model that does not exist: exit 1, last line "the run failed: <cause>"', async () => {
  const r = await runCli(['score', cli.fx.folder, '--model', 'no-such-model'], cli.env);
  assert.equal(r.code, 1, r.stderr);
  assert.match(last(r.stderr), /^alveo score: the run failed: .*no-such-model/);
});
