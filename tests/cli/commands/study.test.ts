// alveo study: a DICOMDIR (and a loose JPEG) grouped into studies and series, every image with its
// probability and warnings, each study's summary with the lateral left out.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { StudySet, StudySummary } from '../../../src-main/api/contract';
import { getTf } from '../../../src-main/engine/model/tf-backend';
import { saveSmallModel } from '../../engine/inference/support/small-resnet';
import { writeChestJpeg, writeStudyImage } from '../../engine/study-sets/study-set-files';
import { writeDicomdir } from '../../engine/study-sets/write-dicomdir';
import { runCli } from '../support/run-cli';

const S = '1.2.826.0.1.3680043.9.13';
let dir: string;
let env: Record<string, string>;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-cli-study-'));
  const home = join(dir, 'home');
  await saveSmallModel(await getTf('wasm'), { builtInDir: join(dir, 'none'), userDir: home, id: 'study-m' });
  env = { ALVEO_HOME: home };
  const media = join(dir, 'cd');
  await mkdir(join(media, 'IMG'), { recursive: true });
  await writeStudyImage(join(media, 'IMG', 'I1'), { study: S, series: `${S}.1`, seriesNumber: 1, view: 'PA' });
  await writeStudyImage(join(media, 'IMG', 'I2'), { study: S, series: `${S}.2`, seriesNumber: 2, view: 'LL' });
  await writeDicomdir(join(media, 'DICOMDIR'), [
    {
      patientId: 'P',
      studies: [
        {
          studyUid: S,
          series: [
            { seriesUid: `${S}.1`, seriesNumber: 1, images: [{ fileId: ['IMG', 'I1'] }] },
            { seriesUid: `${S}.2`, seriesNumber: 2, images: [{ fileId: ['IMG', 'I2'] }] },
          ],
        },
      ],
    },
  ]);
  await writeChestJpeg(dir, 'loose.jpg');
});
after(() => rm(dir, { recursive: true, force: true }));

test('study --json: DICOMDIR + JPEG -> two studies, per-image probabilities, summaries without the lateral', async () => {
  const r = await runCli(['study', join(dir, 'cd', 'DICOMDIR'), join(dir, 'loose.jpg'), '--model', 'study-m', '--json'], env);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as StudySet & { summaries: StudySummary[] };
  assert.deepEqual(out.studies.map((s) => s.series.map((x) => x.images.map((i) => i.viewPosition || i.format))), [[['PA'], ['LL']], [['jpeg']]]);
  const [first, second] = out.summaries;
  assert.deepEqual(first.images.map((i) => [i.counted, i.excludedBecause]), [[true, null], [false, 'lateral view']]);
  for (const i of first.images) assert.ok(i.probability !== null && i.probability >= 0 && i.probability <= 1);
  assert.equal(first.highest?.file, join(dir, 'cd', 'IMG', 'I1'));
  assert.match(first.text, /\(image 1 of 2, PA\); 1 lateral view not counted\.$/);
  assert.equal(second.highest?.file, join(dir, 'loose.jpg'));
  assert.deepEqual(out.errors, []);
});

// Review 25 LOW 7/8: an adult's frontal film held back for age read "0.915 PNEUMONIA  WARNING: …"
// and "No frontal image in this study that the model can judge". Now it is marked HELD BACK as
// predict marks it, the summary does not deny it is frontal, and --json gives each image a status.
test('study: a held-back answer is marked HELD BACK (text) and status "held back" (--json)', async () => {
  const home = join(dir, 'home-kids');
  await saveSmallModel(await getTf('wasm'), { builtInDir: join(dir, 'none'), userDir: home, id: 'kids', trained: true });
  const cardFile = join(home, 'models', 'kids', 'card.json');
  const card = JSON.parse(await readFile(cardFile, 'utf8')) as Record<string, unknown>;
  await writeFile(cardFile, JSON.stringify({ ...card, population: { ageYears: [1, 5], views: ['PA', 'AP'], description: 'children 1-5' } }));
  const folder = join(dir, 'ages');
  await mkdir(folder, { recursive: true });
  const child = await writeStudyImage(join(folder, 'child.dcm'), { study: `${S}.7`, series: `${S}.7.1`, view: 'PA', age: '003Y' });
  const adult = await writeStudyImage(join(folder, 'adult.dcm'), { study: `${S}.8`, series: `${S}.8.1`, view: 'PA', age: '062Y' });
  const kidsEnv = { ALVEO_HOME: home };

  const text = await runCli(['study', folder, '--model', 'kids'], kidsEnv);
  assert.equal(text.code, 0, text.stderr);
  const lineOf = (file: string) => text.stdout.split('\n').find((l) => l.includes(file)) ?? '';
  assert.match(lineOf(adult), /^ {4}\S+adult\.dcm PA {2}HELD BACK \(model output (NORMAL|PNEUMONIA) [01]\.\d{3}\) {2}WARNING: .*62 years old/);
  assert.match(lineOf(child), /^ {4}\S+child\.dcm PA {2}[01]\.\d{3} (NORMAL|PNEUMONIA)$/);
  assert.match(text.stdout, /^ {2}No image in this study the model can judge; 1 image held back \(see its warning\)\.$/m);
  assert.doesNotMatch(text.stdout, /No frontal image/);

  const json = await runCli(['study', folder, '--model', 'kids', '--json'], kidsEnv);
  assert.equal(json.code, 0, json.stderr);
  const out = JSON.parse(json.stdout) as { summaries: Array<{ images: Array<{ file: string; status: string; label: string | null }> }> };
  const images = out.summaries.flatMap((s) => s.images);
  assert.deepEqual(images.map((i) => [i.file, i.status]).sort(), [[adult, 'held back'], [child, 'ok']]);
  assert.ok(images.every((i) => i.label !== null), 'the model output is still there for scripts');
});
