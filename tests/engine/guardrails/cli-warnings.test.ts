// The CLI gives every probability and adds the guardrail warnings: a `warnings` array in
// `predict --json`, a `warnings` column in `score`, so scripts can filter on them. The age rule
// follows the model card, edited here as a user's retrained model would have it.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import type { ModelCard } from '../../../src-main/api/model-card';
import { getTf } from '../../../src-main/engine/model/tf-backend';
import { runCli } from '../../cli/support/run-cli';
import { parseCsv } from '../inference/support/parse-csv';
import { saveSmallModel } from '../inference/support/small-resnet';
import { writeStudyImage } from '../study-sets/study-set-files';

const UNTRAINED = 'model is untrained: output is meaningless';
let dir: string;
let env: Record<string, string>;
let folder: string;
let cardFile: string;
const S = '1.2.826.0.1.3680043.9.10';

async function setPopulation(population: ModelCard['population']): Promise<void> {
  const card = JSON.parse(await readFile(cardFile, 'utf8')) as ModelCard;
  await writeFile(cardFile, JSON.stringify({ ...card, population }, null, 2));
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-cli-guard-'));
  folder = join(dir, 'study');
  await mkdir(folder);
  const home = join(dir, 'home');
  const entry = await saveSmallModel(await getTf('wasm'), { builtInDir: join(dir, 'none'), userDir: home, id: 'guard-m' });
  cardFile = join(entry.dir, 'card.json');
  env = { ALVEO_HOME: home };
  const ids = (instance: number, view: string, age: string) => ({ study: S, series: `${S}.${instance}`, instance, view, age });
  await writeStudyImage(join(folder, 'child-pa.dcm'), ids(1, 'PA', '004Y'));
  await writeStudyImage(join(folder, 'child-lat.dcm'), ids(2, 'LL', '004Y'));
  await writeStudyImage(join(folder, 'adult-pa.dcm'), ids(3, 'PA', '050Y'));
  await writeStudyImage(join(folder, 'knee.dcm'), ids(4, 'AP', '004Y'), { attributes: { BodyPartExamined: 'KNEE' } });
});
after(() => rm(dir, { recursive: true, force: true }));

const files = () => ['child-pa.dcm', 'child-lat.dcm', 'adult-pa.dcm', 'knee.dcm'].map((f) => join(folder, f));

/** Warnings after the untrained note, shortened to their subject. */
function subjects(warnings: string[]): string[] {
  assert.equal(warnings[0], UNTRAINED);
  return warnings.slice(1).map((w) => (/lateral/.test(w) ? 'lateral' : /years old/.test(w) ? 'age' : /body part is KNEE/.test(w) ? 'knee' : w));
}

test('predict --json: every probability, and each image exactly its warnings; the age rule follows the card', async () => {
  await setPopulation({ ageYears: [1, 5], views: ['PA', 'AP'], description: 'children 1-5' });
  const r = await runCli(['predict', ...files(), '--model', 'guard-m', '--json'], env);
  assert.equal(r.code, 0, r.stderr);
  const out = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { file: string; probability: number; warnings: string[] });
  assert.deepEqual(out.map((o) => basename(o.file)), ['child-pa.dcm', 'child-lat.dcm', 'adult-pa.dcm', 'knee.dcm']);
  for (const o of out) assert.ok(o.probability >= 0 && o.probability <= 1, 'the probability is still given');
  assert.deepEqual(out.map((o) => subjects(o.warnings)), [[], ['lateral'], ['age'], ['knee']]);
  assert.ok(out[2].warnings.includes('The patient is 50 years old: the model was trained on ages 1-5 years.'), out[2].warnings.join(' | '));

});

test('score: the warnings column holds the same reasons, joined with "; "; a card for adults moves the age warning', async () => {
  await setPopulation({ ageYears: [18, 90], views: ['PA', 'AP'], description: 'adults' });
  const r = await runCli(['score', folder, '--model', 'guard-m'], env);
  assert.equal(r.code, 0, r.stderr);
  const [header, ...rows] = parseCsv(r.stdout);
  const col = header.indexOf('warnings');
  assert.equal(col, 6);
  const byName = new Map(rows.map((row) => [basename(row[0]), row]));
  const warnings = (name: string) => (byName.get(name)?.[col] ?? '').split('; ');
  assert.deepEqual(['child-pa.dcm', 'child-lat.dcm', 'adult-pa.dcm', 'knee.dcm'].map((n) => subjects(warnings(n))), [['age'], ['lateral', 'age'], [], ['knee', 'age']]);
  assert.equal(warnings('child-pa.dcm')[1], 'The patient is 4 years old: the model was trained on ages 18-90 years.');
  assert.match(warnings('child-lat.dcm')[1], /^This is a lateral view \(LL\)/);
  for (const row of rows) assert.ok(row[1] !== '' && Number(row[1]) >= 0 && Number(row[1]) <= 1, `${row[0]} still has its probability`);
});
