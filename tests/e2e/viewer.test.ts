// The viewer in Debian Chromium against the web host and the real engine, on real radiographs.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { displayPixels } from '../../src-main/engine/studies/display-pixels';
import { loadStudy } from '../../src-main/engine/studies/load-study';
import { startApp, type AppUnderTest } from './support/app-under-test';
import { chromiumMissing } from './support/chromium';
import { missingData, sharedFile } from './support/shared-data';
import { pearson } from './support/pearson';

const MONO1 = 'dicom/small/dx12_mono1_512_explicitLE.dcm';
const COMPRESSED_LARGE = 'dicom/native/966_fixed_dx_chest_j2k_lossless.dcm';
const JPEG = 'kermany-orig/val/PNEUMONIA/person1946_bacteria_4874.jpeg';

/** Compares what the canvas shows with the engine's own 8-bit rendering at a grid of points. */
async function screenMatchesEngine(app: AppUnderTest, file: string): Promise<number> {
  const study = await loadStudy(file);
  const gray = displayPixels(study);
  const points: [number, number][] = [];
  for (let gy = 1; gy < 30; gy++) for (let gx = 1; gx < 30; gx++) points.push([Math.floor((gx * study.columns) / 30), Math.floor((gy * study.rows) / 30)]);
  const screen = await app.viewer.sampleAtImagePoints(study.columns, study.rows, points);
  const engine = points.map(([x, y]) => gray[y * study.columns + x]);
  return pearson(screen, engine);
}

describe('viewer', { skip: chromiumMissing() ?? false }, () => {
  let app: AppUnderTest;
  before(async () => {
    app = await startApp();
  });
  after(async () => {
    await app?.close();
  });

  test('MONOCHROME1 DICOM shows with the right polarity, and window/level drag changes the pixels', async (t) => {
    const file = sharedFile(MONO1);
    if (!file) return t.skip(missingData(MONO1));
    const v = app.viewer;
    await v.open(file);
    await v.waitForImage(file);
    await v.settle();
    const before = await v.canvasStats();
    assert.ok(before.std > 20, `image has contrast on screen (std ${before.std.toFixed(1)})`);
    assert.ok(before.lit > 0.3, `image covers the viewport (${(before.lit * 100).toFixed(0)}% lit)`);
    assert.ok(before.colour < 1, 'a radiograph shows grey');
    // MONOCHROME1 means bright = low value: the screen must agree with the engine's rendering
    // (which the model also sees); inverted polarity would give a strongly negative correlation.
    const r = await screenMatchesEngine(app, file);
    assert.ok(r > 0.95, `screen vs engine correlation ${r.toFixed(3)}`);
    await v.screenshot('viewer-mono1');

    const wlBefore = await v.windowReadout();
    await v.dragOnImage(-180, 120);
    await v.settle();
    const after = await v.canvasStats();
    assert.notEqual(await v.windowReadout(), wlBefore);
    assert.ok(Math.abs(after.mean - before.mean) > 10 || Math.abs(after.std - before.std) > 10, `pixels changed: mean ${before.mean.toFixed(1)} -> ${after.mean.toFixed(1)}, std ${before.std.toFixed(1)} -> ${after.std.toFixed(1)}`);
    await v.screenshot('viewer-mono1-window-dragged');

    // Invert flips the screen; reset (Space) brings the engine's rendering back.
    await app.page.keyboard.press('Space');
    await app.page.keyboard.press('i');
    await v.settle();
    assert.ok((await screenMatchesEngine(app, file)) < -0.95, 'invert flips polarity');
    await app.page.keyboard.press('Space');
    await v.settle();
    assert.ok((await screenMatchesEngine(app, file)) > 0.95, 'reset restores the default view');
  });

  test('a large JPEG 2000 DICOM (2000x2128, 12-bit) opens; zoom, pan, presets and the readout work', async (t) => {
    const file = sharedFile(COMPRESSED_LARGE);
    if (!file) return t.skip(missingData(COMPRESSED_LARGE));
    const v = app.viewer;
    await v.open(file);
    await v.waitForImage(file);
    await v.settle();
    assert.ok((await screenMatchesEngine(app, file)) > 0.95);
    const fitted = await v.canvasStats();
    const readout = await v.hoverImageCentre();
    assert.match(readout, /x \d+ · y \d+/);
    assert.match(readout, /value \d+/);
    await v.wheelOnImage(-400);
    await v.settle();
    assert.match(await v.windowReadout(), /Zoom (\d+)%/);
    const zoomed = await v.canvasStats();
    assert.ok(zoomed.lit > fitted.lit, 'zooming in fills more of the viewport');
    await v.dragOnImage(200, 0, { button: 'right' });
    await v.applyPreset('lung');
    await v.settle();
    const lung = await v.canvasStats();
    await v.applyPreset('bone');
    await v.settle();
    const bone = await v.canvasStats();
    assert.ok(Math.abs(lung.mean - bone.mean) > 10, `lung ${lung.mean.toFixed(1)} vs bone ${bone.mean.toFixed(1)} presets differ`);
    await app.page.keyboard.press('f');
    await app.page.keyboard.press('?');
    await app.page.getByTestId('help-overlay').waitFor();
    // The help names the keys this test just used, with what they do.
    const help = await app.page.getByTestId('help-overlay').innerText();
    for (const label of ['Fit to window', 'Invert grey scale', 'Reset window, zoom, rotation, flips and polarity', 'Rotate 90° right / left', 'Flip horizontally', 'Flip vertically', "Window presets in toolbar order (the file's own first)", 'Measure a length (ruler)', 'Show / hide the AI heat map', 'Zoom at the cursor', 'Previous / next image of the open study set']) {
      assert.ok(help.includes(label), `help lists "${label}"`);
    }
    await v.screenshot('viewer-large-j2k-help');
    await app.page.keyboard.press('Escape');
    await app.page.getByTestId('help-overlay').waitFor({ state: 'detached' });
  });

  test('DICOM tags are searchable', async (t) => {
    const file = sharedFile(MONO1);
    if (!file) return t.skip(missingData(MONO1));
    await app.viewer.open(file);
    await app.viewer.waitForImage(file);
    await app.page.getByTestId('tags-tab').click();
    const rows = app.page.getByTestId('tag-row');
    await rows.first().waitFor();
    const all = await rows.count();
    assert.ok(all > 20, `${all} tags listed`);
    await app.page.getByTestId('tag-search').fill('PhotometricInterpretation');
    assert.equal(await rows.count(), 1);
    assert.match(await rows.first().innerText(), /MONOCHROME1/);
    await app.viewer.screenshot('viewer-tags');
    await app.page.getByRole('tab', { name: 'Study' }).click();
  });

  test('a JPEG opens and shows', async (t) => {
    const file = sharedFile(JPEG);
    if (!file) return t.skip(missingData(JPEG));
    await app.viewer.open(file);
    await app.viewer.waitForImage(file);
    await app.viewer.settle();
    const s = await app.viewer.canvasStats();
    assert.ok(s.std > 20 && s.lit > 0.3, JSON.stringify(s));
    assert.ok((await screenMatchesEngine(app, file)) > 0.95);
  });

  test('a corrupt file and a missing file are reported in plain words', async () => {
    const corrupt = join(app.scratch, 'corrupt.dcm');
    await writeFile(corrupt, Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), Buffer.from([2, 0, 0x10, 0, 0x55, 0x49, 0xff, 0xff]), Buffer.alloc(40, 7)]));
    await app.viewer.open(corrupt);
    const err = app.viewer.openError();
    await err.waitFor();
    const text = await err.innerText();
    assert.match(text, /corrupt\.dcm/);
    assert.match(text, /damaged|not an image|no image|not supported/i);
    await app.viewer.screenshot('viewer-corrupt-file');
    await app.viewer.open(join(app.scratch, 'does-not-exist.dcm'));
    // the previous error stays on screen until the new answer arrives: wait for the new file's name
    const missing = app.viewer.openError().filter({ hasText: 'does-not-exist.dcm' });
    await missing.waitFor({ timeout: 30_000 });
    assert.match(await missing.innerText(), /Not found[\s\S]*no such file/);
  });

  test('the page ran without errors or CSP violations', () => {
    assert.deepEqual(app.consoleErrors, []);
  });
});
