// Colour DICOMs show in colour in Chromium: Alveo's own Grad-CAM Secondary Capture of a real
// radiograph (native RGB, by pixel and by plane, and dcmtk's JPEG baseline copy), read from the
// canvas at known places (the colour bar's red and violet ends), with an honest window readout and
// no "shown as grayscale" note.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import sharp from 'sharp';
import { after, before, describe, test } from 'node:test';
import { startApp, type AppUnderTest } from './support/app-under-test';
import { chromiumMissing } from './support/chromium';
import { missingData, sharedFile } from './support/shared-data';
import { dcmtkCodecsMissing, writeColourCaptures, writeDcmtkColourVariants, type ColourCapture } from '../fixtures/colour-dicoms';

const SOURCE = 'dicom/small/cr8_mono2_512_explicitLE.dcm';

type Rgb = [number, number, number];
const isRed = ([r, g, b]: Rgb) => r > 90 && r > 3 * g && r > 3 * b;
/** Turbo(0), the bar's low end: dark blue-violet (48, 18, 59). */
const isViolet = ([r, g, b]: Rgb) => b > g + 15 && r > g + 10 && r + g + b < 220;

describe('colour images in the viewer', { skip: chromiumMissing() ?? false }, () => {
  let app: AppUnderTest;
  let capture: ColourCapture | null = null;
  let planar = '';
  before(async () => {
    // No model: this is about the viewer; the AI on colour images is covered by the engine tests.
    app = await startApp({ builtInModelsDir: '/nonexistent-models-dir' });
    const source = sharedFile(SOURCE);
    if (source) ({ capture, planar } = await writeColourCaptures(source, app.scratch));
  });
  after(async () => {
    await app?.close();
  });

  async function showColours(file: string, c: ColourCapture): Promise<{ red: Rgb; low: Rgb }> {
    const v = app.viewer;
    await v.open(file);
    await v.waitForImage(file);
    await v.settle();
    const [red, low] = await v.coloursAtImagePoints(c.image.columns, c.image.rows, [c.redEnd, c.lowEnd]);
    return { red, low };
  }

  test("Alveo's RGB Secondary Capture shows in colour, where the file has it", async (t) => {
    if (!capture) return t.skip(missingData(SOURCE));
    const c = capture;
    const v = app.viewer;
    const { red, low } = await showColours(c.file, c);
    assert.ok(isRed(red), `the colour bar's high end shows red: ${red.join(',')}`);
    assert.ok(isViolet(low), `the colour bar's low end shows violet: ${low.join(',')}`);
    // Everywhere, the screen shows the file's colours (a grid away from edges, smoothing allowed).
    const points: [number, number][] = [];
    for (let gy = 1; gy < 24; gy++) for (let gx = 1; gx < 24; gx++) points.push([Math.floor((gx * c.image.columns) / 24), Math.floor((gy * c.image.rows) / 24)]);
    const shown = await v.coloursAtImagePoints(c.image.columns, c.image.rows, points);
    let diff = 0;
    shown.forEach((rgb, k) => {
      const i = 3 * (points[k][1] * c.image.columns + points[k][0]);
      for (let ch = 0; ch < 3; ch++) diff += Math.abs(rgb[ch] - c.image.rgb[i + ch]);
    });
    const mean = diff / (3 * points.length);
    assert.ok(mean < 6, `screen vs file colours: mean difference ${mean.toFixed(2)} per channel`);
    assert.ok((await v.canvasStats()).colour > 5, 'the heat-map overlay burned into the capture shows in colour');
    await v.screenshot('viewer-colour-sc');

    const panel = await app.page.getByTestId('study-panel').innerText();
    assert.doesNotMatch(panel, /shown as gr[ae]yscale/);
    assert.match(panel, /colour image \(RGB\): the AI reads its grayscale luminance/);
    assert.match(await v.windowReadout(), /W 255 · L 128 · each RGB channel/);
    assert.match(await v.hoverImageCentre(), /RGB \d+ \d+ \d+/);

    // Window/level applies to the colours as cornerstone does (each channel alike).
    await v.dragOnImage(-150, 100);
    await v.settle();
    assert.doesNotMatch(await v.windowReadout(), /W 255 · L 128/);
    const [dragged] = await v.coloursAtImagePoints(c.image.columns, c.image.rows, [c.redEnd]);
    assert.notDeepEqual(dragged, red, 'the window changed the shown colours');
    assert.deepEqual(app.consoleErrors, []);
  });

  test('the same colours stored by plane (planar configuration 1) show the same', async (t) => {
    if (!capture) return t.skip(missingData(SOURCE));
    const { red, low } = await showColours(planar, capture);
    assert.ok(isRed(red), `red end: ${red.join(',')}`);
    assert.ok(isViolet(low), `low end: ${low.join(',')}`);
  });

  test('a JPEG baseline (YBR_FULL_422) copy shows in colour too', { skip: dcmtkCodecsMissing() }, async (t) => {
    if (!capture) return t.skip(missingData(SOURCE));
    const { jpeg } = await writeDcmtkColourVariants(capture.file, app.scratch);
    const { red, low } = await showColours(jpeg, capture);
    assert.ok(isRed(red), `red end: ${red.join(',')}`);
    assert.ok(isViolet(low), `low end: ${low.join(',')}`);
    assert.match(await app.page.getByTestId('study-panel').innerText(), /colour image \(YBR_FULL_422\): the AI reads its grayscale luminance/);
  });

  test('a colour PNG and JPEG show in colour too (the AI still reads luminance)', async () => {
    const w = 240;
    const h = 160;
    const px = Buffer.alloc(w * h * 3);
    for (let i = 0; i < w * h; i++) px.set(i % w < w / 2 ? [210, 30, 30] : [30, 40, 210], 3 * i);
    for (const ext of ['png', 'jpg'] as const) {
      const file = join(app.scratch, `colour.${ext}`);
      const img = sharp(px, { raw: { width: w, height: h, channels: 3 } });
      await (ext === 'png' ? img.png() : img.jpeg({ quality: 95 })).toFile(file);
      const v = app.viewer;
      await v.open(file);
      await v.waitForImage(file);
      await v.settle();
      const [left, right] = await v.coloursAtImagePoints(w, h, [[w / 4, h / 2], [(3 * w) / 4, h / 2]]);
      assert.ok(isRed(left), `${ext}: the left half shows red: ${left.join(',')}`);
      assert.ok(right[2] > 150 && right[0] < 90 && right[1] < 90, `${ext}: the right half shows blue: ${right.join(',')}`);
      assert.match(await app.page.getByTestId('study-panel').innerText(), new RegExp(`colour image \\(${ext === 'png' ? 'PNG' : 'JPEG'}\\): the AI reads its grayscale luminance`));
    }
    assert.deepEqual(app.consoleErrors, []);
  });
});
