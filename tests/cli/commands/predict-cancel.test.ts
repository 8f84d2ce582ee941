// Ctrl-C in `alveo predict`: the file in hand is finished, every printed line is whole, and stderr
// says how far it got ("cancelled: N of M done", as score says it; review 10r item 12). Exit 130.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeGrayPng } from '../../engine/inference/support/draw-png';
import { useCliFixtures } from '../support/cli-fixtures';
import { startCli } from '../support/run-cli';

const cli = useCliFixtures();

test('predict, Ctrl-C: exit 130, "cancelled: N of M done" with N the lines printed', async () => {
  const folder = join(cli.fx.dir, 'many');
  await mkdir(folder);
  const N = 200;
  const files: string[] = [];
  for (let i = 0; i < N; i++) {
    // Distinct images: the result cache would answer copies at once.
    const file = join(folder, `img${String(i).padStart(3, '0')}.png`);
    await writeGrayPng(file, 160, 160, [{ top: i % 120, left: 10, height: 40, width: 20 + (i % 100), value: 250 }], 20);
    files.push(file);
  }
  const run = startCli(['predict', ...files, '--model', 'small-a', '--json'], cli.env);
  while (run.stdout().split('\n').length < 3) await new Promise((r) => setTimeout(r, 20));
  run.child.kill('SIGINT');
  const r = await run.done;
  assert.equal(r.code, 130, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  for (const l of lines) assert.equal(typeof (JSON.parse(l) as { probability: unknown }).probability, 'number', 'every line whole');
  const m = /cancelled: (\d+) of 200 done/.exec(r.stderr);
  assert.ok(m, r.stderr);
  assert.equal(Number(m[1]), lines.length);
  assert.ok(lines.length < N, `${lines.length} of ${N} done before the Ctrl-C took effect`);
});
