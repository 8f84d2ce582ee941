// `alveo import-weights` then `alveo models`, as a user would run them, in a private ALVEO_HOME.
import { auditLines } from '../../support/audit-lines';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomStateDict, withHead, writeSafetensors } from '../../engine/model/support/torch-reference';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
let home: string;
before(async () => {
  home = await mkdtemp(join(tmpdir(), 'alveo-cli-import-'));
});
after(async () => {
  await rm(home, { recursive: true, force: true });
});

function alveo(...args: string[]) {
  return spawnSync(process.execPath, [join(root, 'bin/alveo.mjs'), ...args], { encoding: 'utf8', cwd: root, env: { ...process.env, ALVEO_HOME: home } });
}

test('import a torchvision file with a card, activate it, and see it marked in `alveo models`', async () => {
  const sd = randomStateDict(3);
  const file = join(home, 'rn18.safetensors');
  await writeSafetensors(file, sd);
  const cardFile = join(home, 'card.json');
  await writeFile(cardFile, JSON.stringify({ threshold: { value: 0.37, rule: 'youden on validation' }, metrics: { validation: { n: 10, accuracy: 0.9, sensitivity: 0.9, specificity: 0.9, precision: 0.9, f1: 0.9, auc: 0.951, confusion: { tp: 5, fp: 0, tn: 4, fn: 1 } } } }));
  // Its card is validated on 10 images and states no patient ages: imported, but made active only with --yes.
  const asked = alveo('import-weights', file, '--id', 'cli-rn18', '--name', 'CLI RN18', '--card', cardFile, '--input-size', '64', '--activate', '--float16', '--json');
  assert.equal(asked.status, 1, asked.stderr);
  assert.equal(JSON.parse(asked.stdout.trim()).active, false);
  assert.match(asked.stderr, /caution: Validated on only 10 images[\s\S]*caution: Its card states no patient population[\s\S]*'cli-rn18' was not made active: add --yes/);
  const r = alveo('import-weights', file, '--id', 'cli-rn18', '--name', 'CLI RN18', '--card', cardFile, '--input-size', '64', '--activate', '--yes', '--float16', '--overwrite', '--json');
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim());
  assert.deepEqual([out.id, out.head, out.trained, out.active], ['cli-rn18', 'binary', true, true]);
  assert.equal(alveo('import-weights', file, '--activate', '--out', join(home, 'elsewhere')).status, 2, '--activate does not go with --out');
  // Both imports and the one activation are in the audit trail.
  const trail = await auditLines(home);
  assert.deepEqual(trail.filter((l) => l.action === 'importWeights').map((l) => [l.model, l.from]), [['cli-rn18', file], ['cli-rn18', file]]);
  assert.deepEqual(trail.filter((l) => l.action === 'setActiveModel').map((l) => l.model), ['cli-rn18']);
  const card = JSON.parse(await readFile(join(home, 'models', 'cli-rn18', 'card.json'), 'utf8'));
  assert.equal(card.threshold.value, 0.37);
  assert.equal(card.inputSize, 64);

  const list = alveo('models', '--json');
  assert.equal(list.status, 0, list.stderr);
  const rows = list.stdout.trim().split('\n').map((l) => JSON.parse(l));
  const mine = rows.find((m) => m.id === 'cli-rn18');
  assert.deepEqual([mine.active, mine.trained, mine.inputSize, mine.threshold, mine.validationAuc, mine.name], [true, true, 64, 0.37, 0.951, 'CLI RN18']);
  assert.equal(rows.filter((m) => m.active).length, 1);

  const text = alveo('models');
  assert.match(text.stdout, /^\*\s+cli-rn18\s+CLI RN18\s+trained\s+64px\s+threshold 0\.370\s+val AUC 0\.951/m);
});

test('an ImageNet checkpoint imports as UNTRAINED; a bad file fails with its name and exit code 1', async () => {
  const file = join(home, 'imagenet.safetensors');
  await writeSafetensors(file, withHead(randomStateDict(4), 1000, 1));
  const r = alveo('import-weights', file, '--id', 'inet', '--input-size', '64');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /head: replaced; UNTRAINED/);
  const text = alveo('models');
  assert.match(text.stdout, /^\s+inet\s+inet\s+UNTRAINED/m);

  const bad = join(home, 'bad.safetensors');
  await writeFile(bad, 'not a safetensors file at all');
  const b = alveo('import-weights', bad, '--id', 'bad');
  assert.equal(b.status, 1);
  assert.match(b.stderr, /bad\.safetensors: not a valid safetensors file/);
  assert.equal(alveo('import-weights').status, 2);
});

test('a --card file holding null, a wrong field or a card the store would refuse is named with what is wrong, before any import (review 37 F2)', async () => {
  const weights = join(home, 'never-read.safetensors');
  const cases: [string, string, RegExp][] = [
    ['null-card.json', 'null\n', /card fields must be a JSON object, not null/],
    ['list-card.json', '[]', /card fields must be a JSON object, not a list/],
    ['id-card.json', '{"id": 7}', /card field 'id' must be a string, not a number/],
    ['notes-card.json', '{"notes": "one note"}', /card field 'notes' must be a list of strings, not a string/],
    ['threshold-card.json', '{"threshold": null}', /invalid model card: 'threshold' must be/],
  ];
  for (const [name, text, why] of cases) {
    const card = join(home, name);
    await writeFile(card, text);
    const r = alveo('import-weights', weights, '--card', card);
    assert.equal(r.status, 1, r.stderr);
    assert.ok(r.stderr.startsWith(`alveo import-weights: ${card}: `), r.stderr);
    assert.match(r.stderr, why);
    assert.doesNotMatch(r.stderr, /Cannot read properties|never-read/);
  }
});
