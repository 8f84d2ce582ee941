// alveo site: the site policy in the shared store. A real DICOM whose age an anonymiser removed is
// held back by default; once the site says its DICOMs without an age are children's, score and
// predict read it like any other (same probability, no age warning), the score cache made under
// the other policy is not reused, and the other guardrails still apply.
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parseCsv } from '../../engine/inference/support/parse-csv';
import { DICOM_SMALL, skipUnless } from '../../engine/inference/support/shared-data';
import { runCli } from '../support/run-cli';
import { auditLines } from '../../support/audit-lines';
import { writeGrayPng } from '../../engine/inference/support/draw-png';

const NO_AGE = 'dx12_mono1_512_explicitLE.dcm';
const AGE_WARNING = /records no usable age/;

let dir: string;
let env: Record<string, string>;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-site-cli-'));
  env = { ALVEO_HOME: join(dir, 'home') };
});
after(() => rm(dir, { recursive: true, force: true }));

test('alveo site prints the policy (hold-back by default), sets it, and refuses an unknown value', async () => {
  const home = { ALVEO_HOME: join(dir, 'home-print') };
  const shown = await runCli(['site'], home);
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /^DICOMs without a usable age: hold-back \(/);
  const bad = await runCli(['site', '--age-unknown', 'adult'], home);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--age-unknown must be hold-back or read-as-child, not 'adult'/);
  const set = await runCli(['site', '--age-unknown', 'read-as-child', '--json'], home);
  assert.equal(set.code, 0, set.stderr);
  assert.deepEqual(JSON.parse(set.stdout), { ageUnknown: 'read-as-child' });
  // Stored beside the active model's choice, in the one settings file the app reads.
  const settings = JSON.parse(await readFile(join(home.ALVEO_HOME, 'settings.json'), 'utf8')) as { sitePolicy: unknown };
  assert.deepEqual(settings.sitePolicy, { ageUnknown: 'read-as-child' });
  assert.match((await runCli(['site'], home)).stdout, /read-as-child \(this site images only children/);
  // Recorded in the audit trail, as the app's Models tab records it.
  const lines = await auditLines(home.ALVEO_HOME);
  assert.deepEqual(lines.map((l) => [l.action, l.door, l.policy]), [['setSitePolicy', 'cli', { ageUnknown: 'read-as-child' }]]);
});

test('a mistyped policy in settings.json is read as hold-back and said by alveo site and by a score run', async () => {
  const homeDir = join(dir, 'home-typo');
  await mkdir(homeDir, { recursive: true });
  await writeFile(join(homeDir, 'settings.json'), JSON.stringify({ sitePolicy: { ageUnknown: 'read-as-kid' } }));
  const shown = await runCli(['site'], { ALVEO_HOME: homeDir });
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /hold-back \(/);
  assert.match(shown.stderr, /settings\.json: "sitePolicy\.ageUnknown" is "read-as-kid".*accepted: hold-back, read-as-child/);
  const folder = join(dir, 'typo-images');
  await mkdir(folder, { recursive: true });
  await writeGrayPng(join(folder, 'a.png'), 64, 64, [{ top: 10, left: 10, height: 30, width: 20, value: 200 }], 40);
  const scored = await runCli(['score', folder, '--one-view'], { ALVEO_HOME: homeDir });
  assert.equal(scored.code, 0, scored.stderr);
  assert.match(scored.stderr, /warning: .*"sitePolicy\.ageUnknown" is "read-as-kid"/);
});

test('score and predict follow the stored policy; cached scores made under the other one are not reused', { skip: skipUnless(DICOM_SMALL), timeout: 180_000 }, async () => {
  const folder = join(dir, 'studies');
  await mkdir(folder);
  await copyFile(join(DICOM_SMALL, NO_AGE), join(folder, NO_AGE));
  const score = async () => {
    const r = await runCli(['score', folder], env);
    assert.equal(r.code, 0, r.stderr);
    const [row] = parseCsv(r.stdout).slice(1);
    return { p: Number(row[1]), label: row[2], warnings: row[6], fromCache: /from the cache/.test(r.stderr) };
  };
  const held = await score();
  assert.match(held.warnings, AGE_WARNING);
  assert.equal((await score()).fromCache, true, 'the same policy reuses the cache');

  assert.equal((await runCli(['site', '--age-unknown', 'read-as-child'], env)).code, 0);
  const read = await score();
  assert.equal(read.fromCache, false, 'made under the other policy: scored again');
  assert.doesNotMatch(read.warnings, AGE_WARNING);
  assert.equal(read.p, held.p, 'the policy changes what is said, not the model output');
  const predicted = await runCli(['predict', join(folder, NO_AGE)], env);
  assert.equal(predicted.code, 0, predicted.stderr);
  // Answered, with no warning; the note beside it says it was the site's choice.
  assert.doesNotMatch(predicted.stdout, /HELD BACK|WARNING/);
  assert.match(predicted.stdout, /\n {2}note: The file records no usable age: read as a child's \(1-5 years\), as this site's policy says/);

  assert.equal((await runCli(['site', '--age-unknown', 'hold-back'], env)).code, 0);
  const back = await score();
  assert.equal(back.fromCache, false);
  assert.match(back.warnings, AGE_WARNING);
  assert.match((await runCli(['predict', join(folder, NO_AGE)], env)).stdout, /HELD BACK.*records no usable age/);
});
