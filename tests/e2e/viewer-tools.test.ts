// The viewer's reading tools in Debian Chromium against the web host and the real engine:
// rotation and flips (checked against the engine's own rendering, rotated), orientation markers,
// calibrated measurement on DICOMs whose spacing the test sets, the file's own window presets,
// SIGMOID, two viewports with their own images and readings, and rendering at device pixel ratio 2.
import assert from 'node:assert/strict';
import { copyFile, mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { displayPixels } from '../../src-main/engine/studies/display-pixels';
import { loadStudy } from '../../src-main/engine/studies/load-study';
import { chestPhantom, writeDicom, type DicomSpec } from '../fixtures/write-dicom';
import { ViewerPage } from './pages/viewer-page';
import { startApp, type AppUnderTest } from './support/app-under-test';
import { chromiumMissing } from './support/chromium';
import { missingData, SCREENSHOTS, sharedFile } from './support/shared-data';
import { pearson } from './support/pearson';
import { until } from './support/until';
import { scorePercent } from '../../src-renderer/src/components/format';

// Browser globals used inside page functions (no DOM library in the Node test config).
declare const sessionStorage: { setItem(k: string, v: string): void };
declare const document: {
  querySelector<T = { textContent: string | null }>(s: string): T | null;
  querySelectorAll(s: string): ArrayLike<unknown>;
  activeElement: { getAttribute(name: string): string | null } | null;
};

const MONO1 = 'dicom/small/dx12_mono1_512_explicitLE.dcm';
const JPEG = 'kermany-orig/val/PNEUMONIA/person1946_bacteria_4874.jpeg';
const OTHER_JPEG = 'kermany-orig/val/NORMAL/NORMAL2-IM-1427-0001.jpeg';

interface Gray {
  g: Uint8Array;
  w: number;
  h: number;
}

/** Quarter turn clockwise: pixel (x, y) of a w x h image lands at (h - 1 - y, x). */
function rotateRight({ g, w, h }: Gray): Gray {
  const out = new Uint8Array(g.length);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[x * h + (h - 1 - y)] = g[y * w + x];
  return { g: out, w: h, h: w };
}

function mirror({ g, w, h }: Gray): Gray {
  const out = new Uint8Array(g.length);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[y * w + (w - 1 - x)] = g[y * w + x];
  return { g: out, w, h };
}

function grid(w: number, h: number): [number, number][] {
  const points: [number, number][] = [];
  for (let gy = 1; gy < 30; gy++) for (let gx = 1; gx < 30; gx++) points.push([Math.floor((gx * w) / 30), Math.floor((gy * h) / 30)]);
  return points;
}

/** Grey levels on screen and in the expected image at the same image points (fitted view). */
async function screenAndExpected(v: ViewerPage, want: Gray, viewport = 'viewport'): Promise<{ screen: number[]; expected: number[] }> {
  const points = grid(want.w, want.h);
  const screen = await v.sampleAtImagePoints(want.w, want.h, points, viewport);
  return { screen, expected: points.map(([x, y]) => want.g[y * want.w + x]) };
}

async function correlation(v: ViewerPage, want: Gray, viewport = 'viewport'): Promise<number> {
  const { screen, expected } = await screenAndExpected(v, want, viewport);
  return pearson(screen, expected);
}

async function engineGray(file: string): Promise<Gray> {
  const s = await loadStudy(file);
  return { g: displayPixels(s), w: s.columns, h: s.rows };
}

describe('viewer tools', { skip: chromiumMissing() ?? false }, () => {
  let app: AppUnderTest;
  let n = 0;
  const dicom = (spec: Partial<DicomSpec> & { attributes?: Record<string, string> }) =>
    writeDicom(join(app.scratch, `tools-${++n}.dcm`), { rows: 400, columns: 600, bitsStored: 12, pixels: chestPhantom(400, 600, 300, 3800), ...spec });

  before(async () => {
    app = await startApp();
  });
  after(async () => {
    await app?.close();
  });

  /** Leaves one viewport, also when the test failed midway: the next test starts with the image alone. */
  function leaveCompareAfter(t: { after(fn: () => Promise<void>): void }): void {
    t.after(async () => {
      if ((await app.page.getByTestId('viewport-compare').count()) === 0) return;
      await app.page.getByTestId('viewport').click();
      await app.page.keyboard.press('c');
      await app.page.getByTestId('viewport-compare').waitFor({ state: 'detached' });
    });
  }

  const show = (file: string): Promise<void> => app.viewer.show(file);

  test('rotation and flips turn the canvas like the engine image rotated and mirrored, markers follow, reset undoes', async (t) => {
    const file = sharedFile(MONO1);
    if (!file) return t.skip(missingData(MONO1));
    const v = app.viewer;
    const key = async (k: string) => {
      await app.page.keyboard.press(k);
      await v.settle();
    };
    const upright = await engineGray(file);
    await show(file);
    assert.ok((await correlation(v, upright)) > 0.95, 'upright at first');
    const markers0 = await v.markers();
    assert.deepEqual(markers0, { top: 'H', right: 'L', bottom: 'F', left: 'R' }, 'PA chest markers from Patient Orientation L\\F');

    await key('r');
    const right = rotateRight(upright);
    const r1 = await correlation(v, right);
    assert.ok(r1 > 0.95, `R: screen vs engine image turned right, r = ${r1.toFixed(3)}`);
    assert.deepEqual(await v.markers(), { top: 'R', right: 'H', bottom: 'L', left: 'F' }, 'markers turn with the picture');

    await key('h');
    const flipped = mirror(right);
    const r2 = await correlation(v, flipped);
    assert.ok(r2 > 0.95, `H after R: screen vs turned and mirrored engine image, r = ${r2.toFixed(3)}`);
    t.diagnostic(`correlation with the engine image: turned right ${r1.toFixed(3)}, then mirrored ${r2.toFixed(3)}`);
    assert.ok((await correlation(v, right)) < 0.8, 'the flip changed the picture');
    assert.deepEqual(await v.markers(), { top: 'R', right: 'F', bottom: 'L', left: 'H' });
    await v.screenshot('viewer-rotated-right-flipped');

    await key('v');
    const both = mirror(rotateRight(rotateRight(flipped))); // V = H then a half turn
    assert.ok((await correlation(v, both)) > 0.95, 'V flips top and bottom');
    await key('l');
    const left = rotateRight(rotateRight(rotateRight(both)));
    assert.ok((await correlation(v, left)) > 0.95, 'L turns left');

    // Kept per image: another image opens upright, and this one comes back as it was left.
    const other = await dicom({ attributes: { PatientOrientation: 'L\\F' } });
    await show(other);
    assert.deepEqual(await v.markers(), { top: 'H', right: 'L', bottom: 'F', left: 'R' }, 'a new image opens upright');
    await show(file);
    assert.ok((await correlation(v, left)) > 0.95, 'rotation and flips kept for the image');
    assert.match(await app.page.getByTestId('pane-main').getByTestId('orientation-readout').innerText(), /°|flipped/);

    // Opening by the Open button hands the keyboard to the viewer (Space on the button would open the file again).
    await until(() => app.page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'viewport'), 5000, 'the viewer to take the keyboard after Open');
    await key('Space');
    assert.ok((await correlation(v, upright)) > 0.95, 'Space resets to upright');
    assert.deepEqual(await v.markers(), markers0);
    assert.equal(await app.page.getByTestId('pane-main').getByTestId('orientation-readout').count(), 0);
  });

  test('the ruler reads the expected millimetres within 1% (Pixel Spacing, Imager Pixel Spacing, none), deletable and kept per image', async (t) => {
    const v = app.viewer;
    const spacing = 0.2;
    const calibrated = await dicom({ attributes: { PixelSpacing: `${spacing}\\${spacing}` } });
    await show(calibrated);
    await app.page.keyboard.press('m');
    const size = await v.canvasSize();
    const fit = Math.min(size.cssWidth / 600, size.cssHeight / 400);
    const from = { x: size.cssWidth / 2 - 150, y: size.cssHeight / 2 - 80 };
    const to = { x: size.cssWidth / 2 + 150, y: size.cssHeight / 2 + 80 };
    const expectedMm = (Math.hypot(to.x - from.x, to.y - from.y) / fit) * spacing;
    await v.recordCanvasText();
    await v.dragBetween(from, to);
    await v.measurements().first().waitFor();
    const text = await v.measurements().first().innerText();
    const mm = Number(/^([\d.]+) mm$/.exec(text)?.[1]);
    assert.ok(Math.abs(mm - expectedMm) / expectedMm < 0.01, `ruler ${text} vs expected ${expectedMm.toFixed(1)} mm`);
    // The label on the image reads as the list does (one decimal).
    await v.settle();
    const labels = await v.drawnText();
    assert.ok(labels.includes(text), `ruler label on the image: ${JSON.stringify(labels.slice(-6))} vs the list's ${text}`);
    t.diagnostic(`ruler ${text}, expected ${expectedMm.toFixed(2)} mm (${((100 * (mm - expectedMm)) / expectedMm).toFixed(2)}%)`);
    assert.match(await app.page.getByTestId('calibration').innerText(), /Pixel Spacing \(0\.2 × 0\.2 mm\)/);
    await v.screenshot('viewer-ruler-calibrated');

    const detector = await dicom({ attributes: { ImagerPixelSpacing: '0.15\\0.15' } });
    await show(detector);
    await v.dragBetween(from, to);
    await v.measurements().first().waitFor();
    const atDetector = Number(/^([\d.]+) mm$/.exec(await v.measurements().first().innerText())?.[1]);
    assert.ok(Math.abs(atDetector - (expectedMm / spacing) * 0.15) / atDetector < 0.01, `${atDetector} mm at the detector`);
    assert.match(await app.page.getByTestId('calibration').innerText(), /measured at the detector/);

    const plain = await dicom({});
    await show(plain);
    await v.dragBetween(from, to);
    await v.measurements().first().waitFor();
    const px = Number(/^([\d.]+) pixels$/.exec(await v.measurements().first().innerText())?.[1]);
    assert.ok(Math.abs(px - expectedMm / spacing) / px < 0.01, `${px} px`);
    assert.match(await app.page.getByTestId('calibration').innerText(), /uncalibrated/);
    // A second length ending where the first ends: its label goes below the first's, not over it
    // (cornerstone-tools puts both at the shared right-hand end). Then delete the first from the list.
    await v.recordCanvasText();
    await v.dragBetween({ x: from.x, y: to.y }, { x: to.x, y: to.y });
    await app.page.waitForFunction(() => document.querySelectorAll('[data-testid="pane-main"] [data-testid="measurement"]').length === 2);
    await v.settle();
    await app.page.evaluate(() => new Promise((r) => setTimeout(r, 150)));
    await v.settle();
    // Every frame draws both labels: the last two are the picture now on screen.
    const lengths = (await v.drawnTextAt()).filter((d) => /\d (px|pixels)$/.test(d.text)).slice(-2);
    assert.equal(lengths.length, 2, 'both length labels drawn');
    const fontPx = (size.width / size.cssWidth) * 14;
    assert.ok(Math.abs(lengths[0].y - lengths[1].y) >= fontPx || Math.abs(lengths[0].x - lengths[1].x) > 60 * (size.width / size.cssWidth),
      `labels over each other: ${JSON.stringify(lengths)}`);
    await v.screenshot('viewer-two-lengths');
    await app.page.getByTestId('pane-main').getByTestId('measurement-delete').first().click();
    assert.equal(await v.measurements().count(), 1);
    // The list folds to its title when it hides what is measured, and opens again.
    const fold = app.page.getByTestId('pane-main').getByTestId('measurements-fold');
    await fold.click();
    assert.equal(await v.measurements().count(), 0);
    assert.match(await fold.innerText(), /Measurements \(1\)/);
    await fold.click();
    assert.equal(await v.measurements().count(), 1);

    // The probe reads the value the engine decoded at the pixel clicked.
    await app.page.keyboard.press('x');
    const probeAt = { x: size.cssWidth / 2 + 40, y: size.cssHeight / 2 - 30 };
    await v.recordCanvasText();
    await v.clickAt(probeAt);
    await app.page.waitForFunction(() => document.querySelectorAll('[data-testid="pane-main"] [data-testid="measurement"]').length === 2);
    const probe = await v.measurements().nth(1).innerText();
    const [, value, x, y] = /^value ([\d.-]+) at \((\d+), (\d+)\)$/.exec(probe) ?? [];
    const study = await loadStudy(plain);
    assert.equal(Number(value), study.values[Number(y) * 600 + Number(x)], probe);
    assert.ok(Math.abs(Number(x) - (300 + 40 / fit)) <= 1.5 && Math.abs(Number(y) - (200 - 30 / fit)) <= 1.5, `probe at the clicked pixel: ${probe}`);
    // On the image it says the same, not cornerstone-tools' "SP: … MO: …" (SP would be the viewer's repacked value).
    await v.settle();
    const drawn = await v.drawnText();
    assert.ok(drawn.includes(`value ${value}`) && drawn.includes(`(${x}, ${y})`), `probe label on the image: ${JSON.stringify(drawn.slice(-8))}`);
    assert.ok(!drawn.some((t) => /\bSP:|\bMO:/.test(t)), `cornerstone's own label was drawn: ${JSON.stringify(drawn.slice(-8))}`);

    // Kept per image for the session.
    await show(calibrated);
    assert.equal(await v.measurements().first().innerText(), text);
    await app.page.keyboard.press('w');
  });

  test('the angle tool reads the angle drawn on screen (a right angle, then 45°)', async () => {
    const v = app.viewer;
    const file = await dicom({ attributes: { PixelSpacing: '0.2\\0.2' } });
    await show(file);
    await app.page.keyboard.press('a');
    const size = await v.canvasSize();
    const c = { x: size.cssWidth / 2, y: size.cssHeight / 2 };
    // cornerstone-tools' angle: press and drag from the first end to the vertex, then click the second end.
    // Between the drag and the click the angle is half drawn: it is not listed (it once read 0°).
    const drawAngle = async (first: { x: number; y: number }, vertex: { x: number; y: number }, end: { x: number; y: number }, listed: number) => {
      await v.dragBetween(first, vertex);
      await v.settle();
      assert.equal(await v.measurements().count(), listed, 'a half-drawn angle is listed');
      await v.clickAt(end);
    };
    await drawAngle({ x: c.x, y: c.y - 120 }, c, { x: c.x + 120, y: c.y }, 0);
    await v.measurements().first().waitFor();
    assert.match(await v.measurements().first().innerText(), /^90(\.0+)?°$/);
    // Away from the first angle's handles, which a press near them would move instead.
    await drawAngle({ x: c.x - 220, y: c.y + 100 }, { x: c.x - 120, y: c.y + 100 }, { x: c.x - 220, y: c.y }, 1);
    await app.page.waitForFunction(() => document.querySelectorAll('[data-testid="pane-main"] [data-testid="measurement"]').length === 2);
    assert.match(await v.measurements().nth(1).innerText(), /^45(\.0+)?°$/);
    await v.screenshot('viewer-angles');
    await app.page.keyboard.press('Delete');
    assert.equal(await v.measurements().count(), 1, 'Delete removes the last measurement');
    await app.page.keyboard.press('w');
  });

  test('a patient name in ISO 2022 Japanese shows decoded in the viewer', async () => {
    const jis = (...b: number[]) => [0x1b, 0x24, 0x42, ...b, 0x1b, 0x28, 0x42];
    const bytes = [...Buffer.from('Yamada^Tarou='), ...jis(0x3b, 0x33, 0x45, 0x44), 0x5e, ...jis(0x42, 0x40, 0x4f, 0x3a)];
    const file = await dicom({ attributes: { SpecificCharacterSet: '\\ISO 2022 IR 87', PatientName: String.fromCharCode(...bytes) } });
    await show(file);
    assert.equal(await app.page.getByTestId('pane-main').getByTestId('patient-name').innerText(), 'Yamada, Tarou = 山田 太郎');
  });

  test("the file's own presets come first and apply the file's values; SIGMOID renders as the engine's sigmoid", async () => {
    const v = app.viewer;
    const ramp = Array.from({ length: 200 * 300 }, (_, i) => Math.round(((i % 300) / 299) * 4000));
    const file = await dicom({ rows: 200, columns: 300, pixels: ramp, attributes: { WindowCenter: '1000\\2500', WindowWidth: '800\\1200', WindowCenterWidthExplanation: 'SOFT\\BONE' } });
    await show(file);
    const labels = await app.page.getByTestId('preset').allInnerTexts();
    assert.deepEqual(labels.slice(0, 2).map((l) => l.replace(/^\d/, '')), ['SOFT', 'BONE'], `toolbar presets: ${labels.join(', ')}`);
    await app.page.keyboard.press('2');
    await v.settle();
    assert.match(await v.windowReadout(), /W 1200 · L 2500/);
    const study = await loadStudy(file);
    const bone = { g: displayPixels(study, { center: 2500, width: 1200 }), w: 300, h: 200 };
    const { screen, expected } = await screenAndExpected(v, bone);
    const diff = screen.reduce((s, x, i) => s + Math.abs(x - expected[i]), 0) / screen.length;
    assert.ok(diff < 3, `screen vs the engine's rendering at the file's second window: mean |diff| ${diff.toFixed(2)}`);
    await v.screenshot('viewer-file-preset-bone');
    await app.page.keyboard.press('1');
    assert.match(await v.windowReadout(), /W 800 · L 1000/);
    // Every preset has its number key: with the file's two, "Full range" is the sixth.
    assert.equal(labels[5], '6Full range', `toolbar presets: ${labels.join(', ')}`);
    await app.page.keyboard.press('6');
    await v.settle();
    assert.match(await v.windowReadout(), /W 4[,.]?000 · L 2[,.]?000/);

    const sigmoidFile = await dicom({ rows: 200, columns: 300, pixels: ramp, window: { center: 2000, width: 1000 }, attributes: { VOILUTFunction: 'SIGMOID' } });
    await show(sigmoidFile);
    const s = await loadStudy(sigmoidFile);
    const sig = { g: displayPixels(s), w: 300, h: 200 };
    const lin = { g: displayPixels({ ...s, display: { ...s.display, voiLutFunction: 'LINEAR' } }), w: 300, h: 200 };
    const onSig = await screenAndExpected(v, sig);
    const onLin = await screenAndExpected(v, lin);
    // Judged where the two curves differ (the sigmoid's tails): there the screen must follow the sigmoid.
    const where = onSig.expected.map((e, i) => Math.abs(e - onLin.expected[i]) > 15);
    const mad = (a: { screen: number[]; expected: number[] }) => {
      const d = a.screen.map((x, i) => Math.abs(x - a.expected[i])).filter((_, i) => where[i]);
      return d.reduce((t, x) => t + x, 0) / d.length;
    };
    assert.ok(where.filter(Boolean).length > 100, 'the test image has sigmoid tails to judge');
    assert.ok(mad(onSig) < 3, `screen vs engine sigmoid: ${mad(onSig).toFixed(2)}`);
    assert.ok(mad(onLin) > 15, `and not the linear window: ${mad(onLin).toFixed(2)}`);
    assert.match(await v.windowReadout(), /sigmoid/);
  });

  test('window/level and pan from the keyboard: Shift+arrows and Alt+arrows, the help lists them', async () => {
    const v = app.viewer;
    const file = await dicom({ window: { center: 2000, width: 1000 } });
    await show(file);
    const wl = async () => {
      const [, w, l] = /W ([\d,.]+) · L ([\d,.]+)/.exec(await v.windowReadout()) ?? [];
      return { w: Number(w.replace(/,/g, '')), l: Number(l.replace(/,/g, '')) };
    };
    assert.deepEqual(await wl(), { w: 1000, l: 2000 });
    await app.page.keyboard.press('Shift+ArrowRight');
    assert.deepEqual(await wl(), { w: 1100, l: 2000 }, 'wider by a tenth');
    await app.page.keyboard.press('Shift+ArrowLeft');
    assert.deepEqual(await wl(), { w: 990, l: 2000 }, 'narrower by a tenth');
    await app.page.keyboard.press('Shift+ArrowUp');
    const up = await wl();
    assert.ok(Math.abs(up.l - (2000 + 0.05 * 990)) <= 1 && up.w === 990, JSON.stringify(up));
    // Alt+Right moves the image right: the pixel under a still cursor is one further left.
    const before = /x (\d+) · y (\d+)/.exec(await v.hoverImageCentre()) ?? [];
    const url = app.page.url();
    await app.page.keyboard.press('Alt+ArrowRight');
    await v.settle();
    const after = /x (\d+) · y (\d+)/.exec(await app.page.getByTestId('pixel-readout').innerText()) ?? [];
    assert.ok(Number(after[1]) < Number(before[1]) - 10 && Math.abs(Number(after[2]) - Number(before[2])) <= 1, `${before[0]} -> ${after[0]}`);
    assert.equal(app.page.url(), url, 'Alt+Right did not navigate the page back');
    await app.page.keyboard.press('?');
    assert.match(await app.page.getByTestId('help-overlay').innerText(), /Shift\+←[\s\S]*Window narrower \/ wider[\s\S]*Alt\+arrows[\s\S]*Pan the image/);
    await app.page.keyboard.press('Escape');
  });

  test("a file's VOI LUT is its default display, drawn as the model reads it; another preset and back", async () => {
    const v = app.viewer;
    const ramp = Array.from({ length: 200 * 300 }, (_, i) => Math.round(((i % 300) / 299) * 4000));
    // A square-root LUT over 0..4095 into 12 bits: far from any linear window over that range.
    const data = Array.from({ length: 4096 }, (_, i) => Math.round(Math.sqrt(i / 4095) * 4095));
    const file = await dicom({ rows: 200, columns: 300, pixels: ramp, voiLut: { firstValueMapped: 0, bitsPerEntry: 12, data } });
    await show(file);
    const s = await loadStudy(file);
    assert.equal(s.windowSource, 'voi-lut');
    const lutShown = { g: displayPixels(s), w: 300, h: 200 };
    const linear = { g: displayPixels(s, { ...s.window }), w: 300, h: 200 };
    const onLut = await screenAndExpected(v, lutShown);
    const onLinear = await screenAndExpected(v, linear);
    const mad = (a: { screen: number[]; expected: number[] }) => a.screen.reduce((t, x, i) => t + Math.abs(x - a.expected[i]), 0) / a.screen.length;
    assert.ok(mad(onLut) < 3, `screen vs the engine's VOI LUT rendering: ${mad(onLut).toFixed(2)}`);
    assert.ok(mad(onLinear) > 15, `and not a linear window over the LUT's range: ${mad(onLinear).toFixed(2)}`);
    assert.match(await app.page.getByTestId('preset').first().getAttribute('title') ?? '', /the file's VOI LUT/);
    // Another preset is a linear window; back to the first, the LUT again.
    await app.page.keyboard.press('2');
    await v.settle();
    assert.ok(mad(await screenAndExpected(v, lutShown)) > 15, 'a generic preset is not the LUT');
    await app.page.keyboard.press('1');
    await v.settle();
    assert.ok(mad(await screenAndExpected(v, lutShown)) < 3, 'back on the LUT');
  });

  test('two viewports side by side each show their own image and their own AI reading; zoom and pan can follow', async (t) => {
    const a = sharedFile(MONO1);
    const b = sharedFile(JPEG);
    if (!a || !b) return t.skip(missingData(a ? JPEG : MONO1));
    leaveCompareAfter(t);
    const folder = join(app.scratch, 'pair');
    await mkdir(folder);
    const fa = join(folder, basename(a));
    const fb = join(folder, basename(b));
    await copyFile(a, fa); // scratch copies, deleted with the test's folder
    await copyFile(b, fb);
    const v = app.viewer;
    await v.open(folder);
    await app.page.getByTestId('thumbnail-strip').waitFor({ timeout: 60_000 });
    await v.waitForImage(fa);
    await app.page.keyboard.press('c');
    const compare = app.page.getByTestId('viewport-compare');
    // A JPEG names no patient: it is never put beside the DICOM unasked, only chosen, under a warning.
    await app.page.getByTestId('compare-empty').waitFor();
    await app.page.getByTestId('compare-choice').selectOption(fb);
    await app.page.getByTestId('compare-patient-warning').filter({ hasText: 'Patient unknown' }).waitFor({ timeout: 60_000 });
    await app.viewer.viewport.focus();
    await v.waitForDrawn(fb, 'viewport-compare');
    const ga = await engineGray(fa);
    const gb = await engineGray(fb);
    const mainOwn = await correlation(v, ga);
    const compareOwn = await correlation(v, gb, 'viewport-compare');
    assert.ok(mainOwn > 0.95, `main viewport shows ${basename(fa)}: r = ${mainOwn.toFixed(3)}`);
    assert.ok(compareOwn > 0.95, `second viewport shows ${basename(fb)}: r = ${compareOwn.toFixed(3)}`);

    // Each reading is the model's answer for its own image.
    const reading = async (testid: string, file: string) => {
      const el = app.page.getByTestId(testid);
      await app.page.waitForFunction((id) => /AI (> |< )?\d+\.\d%|held back/.test(document.querySelector(`[data-testid="${id}"]`)?.textContent ?? ''), testid, { timeout: 120_000 });
      const reveal = app.page.getByTestId(`${testid}-reveal`);
      if (await reveal.count()) await reveal.click();
      const text = await el.innerText();
      const shown = /AI ((?:> |< )?\d+\.\d%)/.exec(text)?.[1];
      const info = await app.engine.openStudy(file);
      const p = await app.engine.predict(info.studyId);
      await app.engine.closeStudy(info.studyId);
      // The AI panel's figure and words, never a whole percent that could round across the threshold.
      assert.equal(shown, scorePercent(p.probability), `${testid} shows ${basename(file)}'s probability`);
      assert.match(text, p.label === 'PNEUMONIA' ? /· pneumonia suspected/ : /· no pneumonia suspected/);
      return shown;
    };
    await reading('main-reading', fa);
    await reading('compare-reading', fb);
    await v.screenshot('viewer-two-viewports');

    // Synchronised: zooming the main viewport zooms the second by the same factor.
    const zoomOf = async (pane: string) => Number(/Zoom (\d+)%/.exec(await app.page.getByTestId(`pane-${pane}`).getByTestId('window-readout').innerText())?.[1]);
    await app.page.getByTestId('sync-toggle').check();
    const before = [await zoomOf('main'), await zoomOf('compare')];
    await v.wheelOnImage(-400);
    await v.settle();
    const after = [await zoomOf('main'), await zoomOf('compare')];
    const factors = [after[0] / before[0], after[1] / before[1]];
    assert.ok(factors[0] > 1.2 && Math.abs(factors[0] - factors[1]) / factors[0] < 0.05, `zoom factors ${factors.map((f) => f.toFixed(2)).join(' vs ')}`);
    // The + key too (it zoomed only the active viewport).
    await app.page.keyboard.press('+');
    await v.settle();
    const keyed = [await zoomOf('main'), await zoomOf('compare')];
    const byKey = [keyed[0] / after[0], keyed[1] / after[1]];
    assert.ok(byKey[0] > 1.15 && Math.abs(byKey[0] - byKey[1]) / byKey[0] < 0.05, `+ zoom factors ${byKey.map((f) => f.toFixed(2)).join(' vs ')}`);
    await v.screenshot('viewer-two-viewports-synced');
    await app.page.keyboard.press('c');
    await compare.waitFor({ state: 'detached' });
  });

  test('compare beside an image opened earlier from elsewhere (no study set), or any image by its path', async (t) => {
    const a = sharedFile(JPEG);
    const b = sharedFile(MONO1);
    const c = sharedFile(OTHER_JPEG);
    if (!a || !b || !c) return t.skip(missingData('kermany-orig/val and dicom/small'));
    leaveCompareAfter(t);
    const v = app.viewer;
    const page = app.page;
    await v.open(a);
    await v.waitForImage(a);
    await v.open(b);
    await v.waitForImage(b);
    await page.keyboard.press('c');
    const choice = page.getByTestId('compare-choice');
    const shows = async (file: string) => {
      await page.waitForFunction((f) => document.querySelector<{ value: string }>('[data-testid="compare-choice"]')?.value === f, file, { timeout: 60_000 });
      await v.waitForDrawn(file, 'viewport-compare');
      const r = await correlation(v, await engineGray(file), 'viewport-compare');
      assert.ok(r > 0.95, `the second viewport shows ${basename(file)}: r = ${r.toFixed(3)}`);
    };
    // The image read before is offered beside the one on screen, but a JPEG names no patient: it is
    // listed apart from this patient's images (an earlier test's copy of this DICOM may fill the
    // pane), never put there unasked, only chosen, and then under a warning.
    await choice.locator(`optgroup[label^="Other patients"] option[value="${a}"]`).waitFor({ state: 'attached' });
    await choice.selectOption(a);
    await shows(a);
    assert.match(await choice.locator('option:checked').innerText(), /^patient unknown · person1946_bacteria_4874\.jpeg$/);
    const warning = page.getByTestId('compare-patient-warning');
    assert.match(await warning.innerText(), /^Patient unknown/);
    await v.screenshot('viewer-compare-recent');
    // Any image by its path.
    await page.getByTestId('compare-path').fill(c);
    await page.getByTestId('compare-path').press('Enter');
    await shows(c);
    assert.match(await choice.locator('option:checked').innerText(), /^patient unknown · NORMAL2-IM-1427-0001\.jpeg$/);
    // At 1280x720 (both side panels open) each head takes two lines above its image, never over it:
    // the choice, the path field, the name and Sync all in view, and the two images start level.
    const size = page.viewportSize();
    await page.setViewportSize({ width: 1280, height: 720 });
    try {
      await v.settle();
      const box = async (id: string) => (await page.getByTestId(id).boundingBox())!;
      const [bar, head, right, left] = [await box('compare-bar'), await box('main-head'), await box('viewport-compare'), await box('viewport')];
      assert.ok(bar.y + bar.height <= right.y + 1, `compare bar ${JSON.stringify(bar)} over the image ${JSON.stringify(right)}`);
      const inside = async (id: string, outer: { x: number; y: number; width: number; height: number }) => {
        const b = await page.getByTestId(id).boundingBox();
        assert.ok(b && b.width > 8 && b.x >= outer.x - 1 && b.x + b.width <= outer.x + outer.width + 1 && b.y >= outer.y - 1 && b.y + b.height <= outer.y + outer.height + 1, `${id} ${JSON.stringify(b)} not whole inside ${JSON.stringify(outer)}`);
      };
      await inside('compare-path', bar);
      await inside('compare-choice', bar);
      await inside('sync-toggle', head);
      // The images end level; the one beside starts lower by the patient warning above it.
      const warned = await box('compare-patient-warning');
      assert.ok(Math.abs(right.y - warned.height - left.y) <= 1 && Math.abs(right.y + right.height - left.y - left.height) <= 1 && Math.abs(head.height - bar.height) <= 1, `images misaligned: ${JSON.stringify({ left, right, warned })}`);
      await v.screenshot('viewer-compare-1280x720');
      // At 1280, 1600 and 1920 px with both side panels open the choice and the path field keep a
      // usable width (the reading goes to a second line instead) and neither is cut at the pane's
      // right edge.
      await page.getByTestId('compare-reading').waitFor();
      for (const [width, height] of [[1280, 720], [1600, 900], [1920, 1080]]) {
        await page.setViewportSize({ width, height });
        await v.settle();
        const slot = await page.getByTestId('compare-bar').evaluate((e) => {
          const r = (e.parentElement as unknown as { getBoundingClientRect(): { right: number } }).getBoundingClientRect();
          return r.right;
        });
        for (const id of ['compare-choice', 'compare-path']) {
          const b = (await box(id)) as { x: number; width: number };
          assert.ok(b.width >= 120 && b.x + b.width <= slot + 0.5, `${width}x${height}: ${id} ${JSON.stringify(b)} squeezed or cut (pane's right edge ${slot})`);
        }
        await inside('compare-reading', await box('compare-bar'));
      }
      await v.screenshot('viewer-compare-1920x1080');
    } finally {
      if (size) await page.setViewportSize(size);
    }
    await page.keyboard.press('c');
    await page.getByTestId('viewport-compare').waitFor({ state: 'detached' });
  });

  test('at device pixel ratio 2 the canvas holds twice the pixels and the readout still names the pixel under the cursor', async () => {
    const file = await dicom({ attributes: { PixelSpacing: '0.2\\0.2' } });
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 820 }, deviceScaleFactor: 2 });
    try {
      const v = new ViewerPage(page, SCREENSHOTS);
      await v.goto(app.host.url);
      await show2(v, file);
      const size = await v.canvasSize();
      assert.ok(Math.abs(size.width - 2 * size.cssWidth) <= 2 && Math.abs(size.height - 2 * size.cssHeight) <= 2, JSON.stringify(size));
      const readout = await v.hoverImageCentre();
      const [, x, y] = /x (\d+) · y (\d+)/.exec(readout) ?? [];
      const fit = Math.min(size.cssWidth / 600, size.cssHeight / 400);
      // hoverImageCentre moves 3 CSS px right and down of the centre.
      assert.ok(Math.abs(Number(x) - (300 + 3 / fit)) <= 1.5 && Math.abs(Number(y) - (200 + 3 / fit)) <= 1.5, readout);
      await v.screenshot('viewer-dpr2');
      // A quarter turn by key under the still cursor: the readout names the pixel now under it.
      await page.keyboard.press('r');
      await v.settle();
      const turned = await page.getByTestId('pixel-readout').innerText();
      const [, tx, ty] = /x (\d+) · y (\d+)/.exec(turned) ?? [];
      const fitTurned = Math.min(size.cssWidth / 400, size.cssHeight / 600);
      // Turned 90° clockwise: 3 px right and down on screen is 3 px down and left in the image.
      assert.ok(Math.abs(Number(tx) - (300 + 3 / fitTurned)) <= 1.5 && Math.abs(Number(ty) - (200 - 3 / fitTurned)) <= 1.5, `after the turn: ${turned}`);
    } finally {
      await page.close();
    }
  });

  async function show2(v: ViewerPage, file: string): Promise<void> {
    await v.open(file);
    await v.waitForImage(file);
    await v.settle();
  }

  test('the side panels hide (B both, or each by its toggle) and give the image their width; the layout is kept', async (t) => {
    const a = sharedFile(JPEG);
    if (!a) return t.skip(missingData(JPEG));
    const v = app.viewer;
    const page = app.page;
    await v.open(a);
    await v.waitForImage(a);
    const width = async () => {
      await v.settle();
      return (await v.canvasSize()).cssWidth;
    };
    const both = await width();
    const said = async () => ((await page.getByTestId('ai-announcement').textContent()) ?? '').trim();
    await until(async () => /AI reading|held back/.test(await said()), 120_000, 'the reading said while the AI panel shows');
    await page.keyboard.press('b');
    await page.getByTestId('ai-side').waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId('study-side').count(), 0, 'study panel hidden too');
    // The image alone, read before the AI: its answer is not read out either (review 24 H1).
    assert.equal(await said(), '', 'no AI answer said while the reader hides it on purpose');
    assert.equal((await page.getByTestId('viewer-announcement').textContent())?.trim(), 'Side panels hidden: the image alone');
    const alone = await width();
    assert.ok(alone > both + 500, `the image takes the panels' width: ${both} -> ${alone} px`);
    await page.keyboard.press('b');
    await page.getByTestId('ai-side').waitFor();
    assert.ok(Math.abs((await width()) - both) < 2, 'both back');
    // Only the AI panel: read the image unprompted, the study details still beside it.
    await page.getByTestId('toggle-ai-panel').click();
    await page.getByTestId('ai-side').waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId('study-side').count(), 1);
    assert.equal(await page.getByTestId('toggle-ai-panel').getAttribute('aria-pressed'), 'false');
    const noAi = await width();
    assert.ok(noAi > both + 250 && noAi < alone - 250, `only the AI panel's width: ${noAi} px`);
    // Kept across a reload (the reader's layout).
    await page.reload();
    await page.getByTestId('study-side').waitFor();
    assert.equal(await page.getByTestId('ai-side').count(), 0, 'still hidden after a reload');
    await page.getByTestId('toggle-ai-panel').click();
    await page.getByTestId('ai-side').waitFor();
  });

  test('the viewer toolbar shows only on the Viewer tab', async () => {
    await app.page.getByTestId('tab-worklist').click();
    assert.equal(await app.page.getByTestId('viewer-toolbar').count(), 0);
    await app.page.getByTestId('tab-viewer').click();
    await app.page.getByTestId('viewer-toolbar').waitFor();
  });

  test('a tab whose web session has ended says so in plain words', async () => {
    const page = await app.browser.newPage();
    try {
      const v = new ViewerPage(page, SCREENSHOTS);
      await v.goto(app.host.url);
      // A token the host no longer knows: what a tab left open across an Alveo restart holds.
      await page.evaluate(() => sessionStorage.setItem('alveo.token', 'ended-session'));
      await v.goto(app.host.url.replace(/[?&]token=[^&]+/, ''));
      await v.open(join(app.scratch, 'any.dcm'));
      const err = v.openError();
      await err.waitFor();
      const text = await err.innerText();
      assert.match(text, /This Alveo session has ended/);
      assert.match(text, /Open the new address Alveo printed/);
      assert.doesNotMatch(text, /HTTP 401|token required/);
      await v.screenshot('viewer-session-ended');
    } finally {
      await page.close();
    }
  });

  test('the page ran without errors or CSP violations', () => {
    assert.deepEqual(app.consoleErrors, []);
  });
});
