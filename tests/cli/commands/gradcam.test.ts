import assert from 'node:assert/strict';
import { rm, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { makeCliFixtures, type CliFixtures } from '../support/cli-fixtures';
import { runCli } from '../support/run-cli';

let fx: CliFixtures;
let env: Record<string, string>;
before(async () => {
  fx = await makeCliFixtures();
  env = { ALVEO_HOME: fx.home };
});
after(() => rm(fx.dir, { recursive: true, force: true }));

test('gradcam FILE --out PNG: an RGB overlay at the study size, written atomically', async () => {
  const out = join(fx.dir, 'cams', 'b.png');
  const r = await runCli(['gradcam', fx.dcm, '--out', out, '--model', 'small-a', '--json'], env);
  assert.equal(r.code, 0, r.stderr);
  const o = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.deepEqual(Object.keys(o), ['file', 'out', 'probability', 'label', 'threshold', 'model', 'warnings']);
  assert.equal(o.out, out);
  const meta = await sharp(out).metadata();
  assert.deepEqual([meta.format, meta.width, meta.height, meta.channels], ['png', 64, 80, 3]);
  assert.deepEqual(await readdir(join(fx.dir, 'cams')), ['b.png'], 'no temporary file left');
  // Colour appears where the heat is: some pixels are not gray.
  const { data } = await sharp(out).raw().toBuffer({ resolveWithObject: true });
  let coloured = 0;
  for (let i = 0; i < data.length; i += 3) if (data[i] !== data[i + 1] || data[i + 1] !== data[i + 2]) coloured++;
  assert.ok(coloured > 0);
});

test('gradcam: readable output, and errors for a bad file or a missing --out', async () => {
  const out = join(fx.dir, 'a-cam.png');
  const ok = await runCli(['gradcam', fx.png, '--out', out, '--model', 'small-a'], env);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /a-cam\.png: Grad-CAM of .*a\.png \((PNEUMONIA|NORMAL) 0\.\d{3}, model small-a\)/);
  const bad = await runCli(['gradcam', fx.text, '--out', join(fx.dir, 'x.png'), '--model', 'small-a'], env);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /not a DICOM, JPEG or PNG/);
  const usage = await runCli(['gradcam', fx.png], env);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /usage: alveo gradcam FILE --out PNG/);
});
