// alveo study: a DICOMDIR (and a loose JPEG) grouped into studies and series, every image with its
// probability and warnings, each study's summary with the lateral left out.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
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
