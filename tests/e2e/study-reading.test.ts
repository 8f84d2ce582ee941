// Study-level reading in Debian Chromium against the real engine (issue 7): a folder of three
// images opens as a study set, the strip shows three thumbnails, the arrow keys move through them,
// a lateral view is marked as outside what the model can judge (its number only on request), and
// the study summary names the highest frontal probability with the lateral left out.
import assert from 'node:assert/strict';
import { copyFile, mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { sourceTreeDeps } from '../../src-main/engine/index';
import { writeChestJpeg, writeStudyImage } from '../engine/study-sets/study-set-files';
import { startApp, type AppUnderTest } from './support/app-under-test';
import { chromiumMissing } from './support/chromium';
import { missingData, sharedFile } from './support/shared-data';
import { ensureModel } from './support/test-model';

// Browser globals used inside page functions (no DOM library in the Node test config).
declare const document: {
  querySelector(s: string): { textContent: string | null } | null;
  querySelectorAll(s: string): ArrayLike<{ naturalWidth: number }>;
};

const KERMANY = 'kermany-orig/val/NORMAL/NORMAL2-IM-1427-0001.jpeg';
const S = '1.2.826.0.1.3680043.9.11';
const REAL = sharedFile(KERMANY);

/** A real chest X-ray's pixels as 12-bit values: the shipped model's OOD guardrail rightly sets a drawn phantom aside. */
async function realPixels(path: string, size: number): Promise<number[]> {
  const px = await sharp(path).greyscale().resize(size, size, { fit: 'fill' }).raw().toBuffer();
  return Array.from(px, (v) => v * 16);
}

describe('study reading', { skip: chromiumMissing() ?? false }, () => {
  let app: AppUnderTest;
  let folder: string;
  let files: string[];
  before(async () => {
    app = await startApp();
    const deps = sourceTreeDeps();
    await ensureModel(app.engine, { builtInDir: deps.builtInModelsDir, userDir: join(app.scratch, 'home') });
    folder = join(app.scratch, 'study-set');
    await mkdir(folder);
    // One study with a frontal and a lateral series, and a JPEG (real Kermany when present) of its own.
    const pa = await writeStudyImage(join(folder, 'chest-pa.dcm'), { study: S, series: `${S}.1`, seriesNumber: 1, view: 'PA', date: '20240301', description: 'CHEST 2 VIEWS' }, { rows: 256, ...(REAL ? { pixels: await realPixels(REAL, 256) } : {}) });
    const lat = await writeStudyImage(join(folder, 'chest-lat.dcm'), { study: S, series: `${S}.2`, seriesNumber: 2, view: 'LL', date: '20240301', description: 'CHEST 2 VIEWS' }, { rows: 256 });
    const jpeg = REAL ? join(folder, basename(REAL)) : await writeChestJpeg(folder, 'drawn-chest.jpeg');
    if (REAL) await copyFile(REAL, jpeg); // a scratch copy, deleted with the test's folder
    files = [pa, lat, jpeg];
  });
  after(async () => {
    await app?.close();
  });

  const page = () => app.page;
  const position = () => page().getByTestId('strip-position').innerText();
  const warnings = async () => ((await page().getByTestId('ai-warnings').count()) ? page().getByTestId('ai-warnings').innerText() : '');

  async function showing(file: string, n: number): Promise<void> {
    await app.viewer.waitForImage(file);
    await page().waitForFunction((want) => document.querySelector('[data-testid="strip-position"]')?.textContent?.includes(want) ?? false, `Image ${n} of 3`);
    await app.viewer.revealAnswer(); // waits for the model's answer (and opens it when warnings hold it back)
  }

  test('a folder of three images: strip with three thumbnails, arrow keys move, the lateral is marked', async () => {
    const v = app.viewer;
    await v.open(folder);
    await page().getByTestId('thumbnail-strip').waitFor({ timeout: 60_000 });
    const thumbs = page().getByTestId('strip-thumbnail');
    assert.equal(await thumbs.count(), 3);
    assert.deepEqual(await thumbs.evaluateAll((els) => els.map((e) => e.getAttribute('data-file'))), files);
    // Every thumbnail shows pixels.
    await page().waitForFunction(() => Array.from(document.querySelectorAll('[data-testid="strip-thumbnail"] img')).filter((i) => i.naturalWidth > 0).length === 3, undefined, { timeout: 60_000 });

    await showing(files[0], 1);
    assert.match(await position(), /Image 1 of 3 · study 1 of 2 · 2024-03-01 CHEST 2 VIEWS/);
    assert.doesNotMatch(await warnings(), /lateral/i, 'the frontal view is not marked as lateral');
    const frontal = await v.canvasStats();

    await page().keyboard.press('ArrowRight');
    await showing(files[1], 2);
    const w = await warnings();
    assert.match(w, /Outside what this model can judge/);
    assert.match(w, /This is a lateral view \(LL\): the model was trained on frontal \(PA\/AP\) views\./);
    // The number is there on request, and visibly marked.
    assert.match(await page().getByTestId('ai-result').innerText(), /unreliable here/);
    assert.equal(await page().locator('[data-testid="strip-thumbnail"][aria-current="true"] [data-testid="strip-outside"]').count(), 1, 'the lateral thumbnail carries the mark');
    await v.screenshot('study-set-lateral');

    await page().keyboard.press('ArrowRight');
    await showing(files[2], 3);
    assert.match(await position(), /Image 3 of 3 · study 2 of 2/);
    await page().keyboard.press('ArrowRight'); // the last image stays
    await page().keyboard.press('ArrowLeft');
    await page().keyboard.press('ArrowLeft');
    await showing(files[0], 1);
    const back = await v.canvasStats();
    assert.ok(Math.abs(back.mean - frontal.mean) < 1, `the same image again: mean ${frontal.mean.toFixed(1)} -> ${back.mean.toFixed(1)}`);
  });

  // The frontal DICOM carries a real image's pixels; a drawn one is (rightly) outside what the model can judge.
  test('the study summary: highest probability among frontal images, the lateral not counted', { skip: REAL ? false : missingData(KERMANY) }, async () => {
    const summary = page().getByTestId('study-summary');
    await page().waitForFunction(() => /Highest|No frontal/.test(document.querySelector('[data-testid="study-summary"]')?.textContent ?? ''), undefined, { timeout: 120_000 });
    const expected = await app.engine.summarizeStudy(files.slice(0, 2));
    assert.equal(expected.highest?.file, files[0]);
    assert.equal((await summary.innerText()).trim(), expected.text);
    assert.match(expected.text, /^Highest model score among frontal images: \d+\.\d% \(image 1 of 2, PA\); 1 lateral view not counted\.$/);
    await app.viewer.screenshot('study-set-summary');
  });

  test('a single file opens on its own: the strip goes away', async () => {
    await app.viewer.open(files[2]);
    await app.viewer.waitForImage(files[2]);
    await page().getByTestId('thumbnail-strip').waitFor({ state: 'detached', timeout: 30_000 });
    assert.equal(await page().getByTestId('strip-thumbnail').count(), 0);
  });

  test('the page ran without errors or CSP violations', () => {
    assert.deepEqual(app.consoleErrors, []);
  });
});
