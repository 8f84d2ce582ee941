// alveo evaluate follows the policy `alveo site` stores: a frontal chest DICOM that records no age
// is listed as held back by default, and not once the site reads such DICOMs as children's.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { defaultCard } from '../../../src-main/engine/model/card-file';
import { ModelStore } from '../../../src-main/engine/model/model-store';
import { buildResNet18 } from '../../../src-main/engine/model/resnet18';
import { getTf } from '../../../src-main/engine/model/tf-backend';
import { chestPhantom, writeDicom } from '../../fixtures/write-dicom';
import { writeImage } from '../../engine/training/support/draw-images';
import { runCli } from '../support/run-cli';

let root = '';
after(() => rm(root, { recursive: true, force: true }));

test('alveo evaluate holds back a DICOM without an age under hold-back, not under read-as-child', { timeout: 240_000 }, async () => {
  root = await mkdtemp(join(tmpdir(), 'alveo-eval-policy-cli-'));
  const data = join(root, 'data');
  const home = join(root, 'home');
  for (let i = 0; i < 3; i++) {
    await writeImage(join(data, 'NORMAL', `n${i}.png`), 'png', 64, i, false);
    await writeImage(join(data, 'PNEUMONIA', `p${i}.png`), 'png', 64, 10 + i, true);
  }
  await writeDicom(join(data, 'PNEUMONIA', 'noage.dcm'), {
    rows: 256,
    columns: 256,
    bitsStored: 12,
    pixels: chestPhantom(256, 256, 200, 3800),
    attributes: { Modality: 'DX', BodyPartExamined: 'CHEST', ViewPosition: 'PA' },
  });
  const tf = await getTf('wasm');
  const model = buildResNet18(tf, { inputSize: 32, seed: 4 });
  await new ModelStore({ builtInDir: join(root, 'none'), userDir: home }).saveModel(
    tf,
    model,
    defaultCard({ id: 'kids', inputSize: 32, trained: true, threshold: { value: 0.5, rule: 'test' }, population: { ageYears: [1, 5], views: ['PA', 'AP'], description: 'children' } }),
  );
  model.dispose();
  const env = { ALVEO_HOME: home };
  const evaluate = async () => {
    const r = await runCli(['evaluate', '--data', data, '--model', 'kids'], env);
    assert.equal(r.code, 0, r.stderr);
    return r;
  };

  const held = await evaluate();
  assert.match(held.stderr, /^held back: PNEUMONIA\/noage\.dcm: .*records no usable age/m);
  assert.match(held.stdout, /^held back in the app \(intended-use warnings\): 1 of 7 images, counted above$/m);

  assert.equal((await runCli(['site', '--age-unknown', 'read-as-child'], env)).code, 0);
  const read = await evaluate();
  assert.doesNotMatch(read.stderr, /held back/);
  assert.doesNotMatch(read.stdout, /held back in the app/);
});
