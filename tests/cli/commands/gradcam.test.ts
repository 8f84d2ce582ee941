import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { useCliFixtures } from '../support/cli-fixtures';
import { runCli } from '../support/run-cli';

const cli = useCliFixtures();

test('gradcam FILE --out PNG: an RGB overlay at the study size, written atomically', async () => {
  const out = join(cli.fx.dir, 'cams', 'b.png');
  const r = await runCli(['gradcam', cli.fx.dcm, '--out', out, '--model', 'small-a', '--json'], cli.env);
  assert.equal(r.code, 0, r.stderr);
  const o = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.deepEqual(Object.keys(o), ['file', 'out', 'probability', 'label', 'threshold', 'model', 'warnings']);
  assert.equal(o.out, out);
  const meta = await sharp(out).metadata();
  assert.deepEqual([meta.format, meta.width, meta.height, meta.channels], ['png', 64, 80, 3]);
  assert.deepEqual(await readdir(join(cli.fx.dir, 'cams')), ['b.png'], 'no temporary file left');
  // Colour appears where the heat is: some pixels are not gray.
  const { data } = await sharp(out).raw().toBuffer({ resolveWithObject: true });
  let coloured = 0;
  for (let i = 0; i < data.length; i += 3) if (data[i] !== data[i + 1] || data[i + 1] !== data[i + 2]) coloured++;
  assert.ok(coloured > 0);
});

test('gradcam: readable output, and errors for a bad file or a missing --out', async () => {
  const out = join(cli.fx.dir, 'a-cam.png');
  const ok = await runCli(['gradcam', cli.fx.png, '--out', out, '--model', 'small-a'], cli.env);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /a-cam\.png: Grad-CAM of .*a\.png \((PNEUMONIA|NORMAL) 0\.\d{3}, model small-a\)/);
  const bad = await runCli(['gradcam', cli.fx.text, '--out', join(cli.fx.dir, 'x.png'), '--model', 'small-a'], cli.env);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /not a DICOM, JPEG or PNG/);
  const usage = await runCli(['gradcam', cli.fx.png], cli.env);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /usage: alveo gradcam FILE --out PNG/);
});
