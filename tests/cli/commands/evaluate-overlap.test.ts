// alveo evaluate on the folder a calibrated model was fitted on (here through a symlink): the
// in-sample warning beside the figures on stdout (on stderr with --json) and in --json; the held-back images and the figures on the rest.
import assert from 'node:assert/strict';
import { symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { defaultCard } from '../../../src-main/engine/model/card-file';
import { ModelStore } from '../../../src-main/engine/model/model-store';
import { buildResNet18 } from '../../../src-main/engine/model/resnet18';
import { getTf } from '../../../src-main/engine/model/tf-backend';
import { writeImage } from '../../engine/training/support/draw-images';
import { siteCalibration } from '../../engine/training/support/site-calibration';
import { runCli } from '../support/run-cli';
import { tempDir } from '../../support/temp-dir';

test('alveo evaluate warns in-sample for a calibrated model on its site folder, and gives the held-back figures', async () => {
  const root = await tempDir('alveo-cli-eval-own-');
  const home = join(root, 'home');
  const site = join(root, 'site');
  for (let i = 0; i < 3; i++) {
    await writeImage(join(site, 'NORMAL', `n${i}.png`), 'png', 96, i, false);
    await writeImage(join(site, 'PNEUMONIA', `p${i}.png`), 'png', 96, 10 + i, true);
  }
  await writeFile(join(site, 'NORMAL', 'flat.png'), await sharp(Buffer.alloc(64 * 64, 128), { raw: { width: 64, height: 64, channels: 1 } }).png().toBuffer());
  const link = join(root, 'site-link');
  await symlink(site, link);
  const tf = await getTf('wasm');
  const store = new ModelStore({ builtInDir: join(root, 'none'), userDir: home });
  const model = buildResNet18(tf, { inputSize: 64, seed: 9 });
  const card = defaultCard({ id: 'cal', inputSize: 64, trained: true, threshold: { value: 0.5, rule: 'site' }, calibration: siteCalibration(site, 'calibrate') });
  await store.saveModel(tf, model, card);
  model.dispose();
  const env = { ALVEO_HOME: home, ALVEO_BACKEND: 'wasm' };

  const json = await runCli(['evaluate', '--data', link, '--model', 'cal', '--json'], env);
  assert.equal(json.code, 0, json.stderr);
  const r = JSON.parse(json.stdout) as { n: number; warnings?: string[]; heldBack?: Array<{ file: string; warnings: string[] }>; answered?: { n: number; sensitivity: number | null } };
  assert.ok(r.warnings?.some((w) => /^this folder is the one the model was calibrated on .*: of these 7 images, 7 are in it/.test(w)), JSON.stringify(r.warnings));
  assert.deepEqual(r.heldBack?.map((h) => h.file), [join(link, 'NORMAL', 'flat.png')]);
  assert.equal(r.answered?.n, 6);

  const text = await runCli(['evaluate', '--data', link, '--model', 'cal'], env);
  assert.equal(text.code, 0, text.stderr);
  // With the figures on stdout (review 25 LOW 11: `> results.txt` kept them without it), once.
  assert.match(text.stdout, /^model cal .*\nwarning: this folder is the one the model was calibrated on .*the figures are in-sample and optimistic$/m);
  assert.doesNotMatch(text.stderr, /this folder is the one the model was calibrated on/);
  assert.match(json.stderr, /^warning: this folder is the one the model was calibrated on/m, '--json: on stderr as before');
  assert.match(text.stderr, /^held back: NORMAL\/flat\.png: The image is nearly uniform/m);
  assert.match(text.stdout, /^held back in the app \(intended-use warnings\): 1 of 7 images, counted above$/m);
  assert.match(text.stdout, /^images the app would answer: n 6 \(3 NORMAL, 3 PNEUMONIA\) {2}sensitivity [\d.]+ \[[\d.]+-[\d.]+\] {2}specificity [\d.]+ \[[\d.]+-[\d.]+\] {2}ROC-AUC [\d.]+/m);
});
