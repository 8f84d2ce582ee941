// alveo score with the shipped model: served with its card's test-time views, the CSV holds
// PyTorch's averaged probabilities at the card's threshold; --one-view holds PyTorch's one-view
// probabilities at the one-view threshold, names the engine without the views, and is cached apart
// (a served run after it is not answered from the one-view cache). A card without a one-view
// threshold is refused; --one-view with --dicom-out is a usage error.
import assert from 'node:assert/strict';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ModelCard } from '../../../src-main/api/model-card';
import type { ModelEntry } from '../../../src-main/api/contract';
import { oneViewServing } from '../../../src-main/engine/runtime/one-view-serving';
import type { InferenceRuntime } from '../../../src-main/engine/runtime/inference-runtime';
import { parseCsv } from '../../engine/inference/support/parse-csv';
import { DICOM_NATIVE, REPO_ROOT, SHARED_DATA, skipUnless } from '../../engine/inference/support/shared-data';
import { pytorchValidation } from '../../engine/inference/support/pytorch-validation';
import { useCliFixtures } from '../support/cli-fixtures';
import { runCli } from '../support/run-cli';

const cli = useCliFixtures();
const KERMANY_224 = join(SHARED_DATA, 'kermany-224', 'train');
const card = JSON.parse(await readFile(join(REPO_ROOT, 'models', 'default', 'card.json'), 'utf8')) as ModelCard;
const tta = card.testTimeAugmentation;

test('score --model default: the views\' average at the card\'s threshold; --one-view: one view at its own threshold, cached apart', { skip: skipUnless(KERMANY_224) || skipUnless(DICOM_NATIVE) || (!tta?.oneView && 'the default model has no test-time views'), timeout: 240_000 }, async () => {
  const expected = pytorchValidation().filter((_, i) => i % 200 === 0);
  const folder = join(cli.fx.dir, 'one-view');
  await mkdir(folder);
  for (const s of expected) await copyFile(join(KERMANY_224, s.label ? 'PNEUMONIA' : 'NORMAL', s.file), join(folder, s.file));
  // An adult radiograph the feature guardrail flags: flagged on one view too (it reads the image as is).
  const ADULT = 'CR-MONO1-10-chest_nometa_implicitLE.dcm';
  await copyFile(join(DICOM_NATIVE, ADULT), join(folder, ADULT));
  const rowsOf = (stdout: string) => new Map(parseCsv(stdout).slice(1).map((r) => [r[0], { p: Number(r[1]), threshold: Number(r[3]), warnings: r[6] }]));
  const last = (stderr: string) => stderr.trimEnd().split('\n').at(-1) ?? '';

  const fast = await runCli(['score', folder, '--model', 'default', '--one-view'], cli.env);
  assert.equal(fast.code, 0, fast.stderr);
  assert.match(last(fast.stderr), /^\d+ scored, 0 failed \(onnxruntime \([^)]*\)\)$/, 'one view: no views in the engine name');
  const served = await runCli(['score', folder, '--model', 'default'], cli.env);
  assert.equal(served.code, 0, served.stderr);
  assert.match(last(served.stderr), new RegExp(`^\\d+ scored, 0 failed \\(onnxruntime \\([^)]*\\), ${tta!.views.length}-view TTA\\)$`), 'not answered from the one-view cache');
  const again = await runCli(['score', folder, '--model', 'default', '--one-view'], cli.env);
  assert.match(last(again.stderr), /from the cache, none computed/);

  const one = rowsOf(fast.stdout);
  const all = rowsOf(served.stdout);
  assert.match(all.get(ADULT)?.warnings ?? '', /unlike the images this model was trained on/);
  assert.equal(one.get(ADULT)?.warnings, all.get(ADULT)?.warnings, 'the same warnings on one view');
  assert.deepEqual(rowsOf(again.stdout), one, 'the one-view cache gives the one-view answers');
  for (const s of expected) {
    const a = all.get(s.file)!;
    const b = one.get(s.file)!;
    assert.equal(a.threshold, card.threshold.value);
    assert.equal(b.threshold, tta!.oneView!.threshold);
    assert.ok(Math.abs(a.p - s.probabilityTta!) < 5e-4, `${s.file}: served ${a.p}, PyTorch with views ${s.probabilityTta}`);
    assert.ok(Math.abs(b.p - s.probability) < 5e-4, `${s.file}: one view ${b.p}, PyTorch ${s.probability}`);
  }

  const both = await runCli(['score', folder, '--model', 'default', '--one-view', '--dicom-out', join(cli.fx.dir, 'dcm')], cli.env);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /--one-view and --dicom-out do not go together/);
});

test('one-view scoring is refused for a card whose threshold belongs to its views alone (a calibration of them)', () => {
  const runtime = { views: 5, single: { views: 1 } } as unknown as InferenceRuntime;
  const calibrated = { id: 'site', dir: '/models/site', card: { ...card, testTimeAugmentation: { views: tta?.views ?? [[1, 0, 0], [1.08, 0, 0]], combine: 'mean-logit' } } } as unknown as ModelEntry;
  assert.throws(() => oneViewServing(calibrated, runtime), /model 'site' has no one-view threshold/);
  const plain = { id: 'plain', dir: '/models/plain', card: { ...card, testTimeAugmentation: undefined } } as unknown as ModelEntry;
  assert.equal(oneViewServing(plain, runtime).runtime, runtime, 'a one-view model is scored as it is');
  if (tta?.oneView) {
    const served = oneViewServing({ id: 'default', dir: '/m', card } as unknown as ModelEntry, runtime);
    assert.equal(served.runtime, (runtime as unknown as { single: unknown }).single);
    assert.equal(served.card.threshold.value, tta.oneView.threshold);
    assert.equal(served.card.testTimeAugmentation, undefined);
  }
});
