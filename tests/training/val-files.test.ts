// --val-files fixes a run's split: given a run's val_predictions.json and val_shifted_predictions.json,
// a run with another --seed (another initialisation and batch order) validates on exactly the same
// images, in-distribution and shifted, where that seed alone would draw another split.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA, RECIPE, ROOT, SMALL_RUN, python, runPython, skipRecipe as skip } from './support/python-recipe';

const ONE_STEP = [...SMALL_RUN.filter((a, i, all) => !['--epochs', '--steps-per-epoch'].includes(a) && !['--epochs', '--steps-per-epoch'].includes(all[i - 1])),
  '--epochs', '1', '--steps-per-epoch', '1', '--micro-batch', '8'];

function files(run: string, name: string): string[] {
  return (JSON.parse(readFileSync(join(run, name), 'utf8')) as { file: string }[]).map((d) => d.file).sort();
}

test('train_default.py --val-files: another seed validates on the same images; its card names the split portably', { skip, timeout: 240_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), 'alveo-valfiles-'));
  try {
    const [first, same, other] = ['first', 'same', 'other'].map((n) => join(work, n));
    runPython([join(RECIPE, 'train_default.py'), ...ONE_STEP, '--out', first]);
    const given = `${join(first, 'val_predictions.json')},${join(first, 'val_shifted_predictions.json')}`;
    runPython([join(RECIPE, 'train_default.py'), ...ONE_STEP, '--seed', '9', '--val-files', given, '--out', same]);
    runPython([join(RECIPE, 'train_default.py'), ...ONE_STEP, '--seed', '9', '--out', other]);
    for (const name of ['val_predictions.json', 'val_shifted_predictions.json']) {
      assert.ok(files(first, name).length > 0, `${name} is empty`);
      assert.deepEqual(files(same, name), files(first, name), `${name}: --val-files changed the split`);
    }
    assert.notDeepEqual(files(other, 'val_predictions.json'), files(first, 'val_predictions.json'), 'seed 9 alone drew the same split: the test shows nothing');
    const weights = (run: string) => readFileSync(join(run, 'resnet18.safetensors'));
    assert.ok(!weights(same).equals(weights(first)), 'another seed gave the same weights');

    // Its card fields say where the split came from without this machine's folders, and no seed drew it.
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'training/build-default-card.ts'), same], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const card = JSON.parse(r.stdout) as { recipe: string; trainingData: { description: string }; notes: string[] };
    assert.match(card.recipe, /--val-files 'SPLIT\/val_predictions\.json,SPLIT\/val_shifted_predictions\.json' .*\(SPLIT: the run whose validation files fix the split\)/);
    assert.ok(!JSON.stringify(card).includes(work), 'a local folder in the card');
    // The description is in a reader's words; the split as built is the first note.
    const split = card.notes.find((n) => n.startsWith('Split, as built: ')) ?? '';
    assert.match(split, /the patients of the given validation files/);
    assert.doesNotMatch(split, /seed 9/);
    assert.doesNotMatch(card.trainingData.description, /seed|--val-files/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('train_default.py --val-files stops when a validation image is missing from the data folder (a renamed image would otherwise be trained on)', { skip, timeout: 60_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), 'alveo-valfiles-missing-'));
  try {
    const present = readdirSync(join(DATA, 'NORMAL')).slice(0, 2);
    const given = join(work, 'val.json');
    writeFileSync(given, JSON.stringify([...present.map((file) => ({ file })), { file: 'IM-9999-0001-renamed.jpeg' }]));
    const r = spawnSync(python!, [join(RECIPE, 'train_default.py'), ...ONE_STEP, '--val-files', given, '--out', join(work, 'run')],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' }, timeout: 50_000 });
    assert.notEqual(r.status, 0, 'a run with a missing validation image went ahead');
    assert.match(r.stderr, /--val-files: 1 of 3 validation images are not in .*\(IM-9999-0001-renamed\.jpeg\).*trained on/);
    assert.ok(!existsSync(join(work, 'run', 'resnet18.safetensors')), 'weights were written');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
