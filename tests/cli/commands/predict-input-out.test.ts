// predict --input-out writes what the network reads (review 42 F12: an acceptance test of the
// preprocessing needed the source code): the S x S gray input, equal to the engine's own, named
// after the file, two files of one name kept apart.
import assert from 'node:assert/strict';
import { mkdir, readFile, copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import type { ModelCard } from '../../../src-main/api/model-card';
import { prepareStudy } from '../../../src-main/engine/inference/predict';
import { loadStudy } from '../../../src-main/engine/studies/load-study';
import { useCliFixtures } from '../support/cli-fixtures';
import { runCli } from '../support/run-cli';

const cli = useCliFixtures();

test('predict --input-out: the model input of each file as a PNG, the same pixels the engine feeds the network', async () => {
  const out = join(cli.fx.dir, 'inputs');
  await mkdir(out);
  // The same name in another folder: kept apart, not overwritten.
  const twin = join(cli.fx.dir, 'other', 'b.dcm');
  await mkdir(join(cli.fx.dir, 'other'));
  await copyFile(cli.fx.dcm, twin);
  const r = await runCli(['predict', cli.fx.dcm, twin, cli.fx.png, '--model', 'small-a', '--json', '--input-out', out], cli.env);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { file: string; modelInput?: string });
  assert.deepEqual(lines.map((l) => l.modelInput), [join(out, 'b.dcm.model-input.png'), join(out, 'b.dcm-2.model-input.png'), join(out, 'a.png.model-input.png')]);
  const card = JSON.parse(await readFile(join(cli.fx.home, 'models', 'small-a', 'card.json'), 'utf8')) as ModelCard;
  for (const { file, modelInput } of lines) {
    const meta = await sharp(modelInput!).metadata();
    assert.deepEqual([meta.width, meta.height, meta.channels], [card.inputSize, card.inputSize, 1], `${file}: S x S gray`);
    const { data } = await sharp(modelInput!).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
    const { pixels } = await prepareStudy(await loadStudy(file), card);
    assert.deepEqual(new Uint8Array(data), pixels, `${file}: the engine's model input, pixel for pixel`);
    assert.ok(Math.max(...pixels) - Math.min(...pixels) > 100, `${file}: an image, not a flat field`);
  }
  const text = await runCli(['predict', cli.fx.png, '--model', 'small-a', '--input-out', out], cli.env);
  assert.match(text.stdout, new RegExp(`\\n  model input: ${join(out, 'a.png.model-input.png').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n?$`));
});

test('predict --input-out where no folder can be: refused before any scoring, naming the option', async () => {
  const r = await runCli(['predict', cli.fx.dcm, '--model', 'small-a', '--input-out', join(cli.fx.png, 'x')], cli.env);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /--input-out .*a\.png is a file, not a folder/);
  assert.equal(r.stdout, '');
});
