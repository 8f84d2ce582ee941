// What the file says about its own display and measurement: every window pair with its
// explanation, the SIGMOID VOI LUT function (honoured in the engine's rendering, which the model
// and the viewer's reference share), and Pixel Spacing vs Imager Pixel Spacing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadStudy } from '../../../src-main/engine/studies/load-study';
import { displayPixels } from '../../../src-main/engine/studies/display-pixels';
import { writeDicom, type DicomSpec } from '../../fixtures/write-dicom';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-display-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

let n = 0;
const ramp = Array.from({ length: 64 }, (_, i) => i * 64); // 0..4032 over an 8x8 image
function file(attributes: Record<string, string>, extra: Partial<DicomSpec> = {}): Promise<string> {
  return writeDicom(join(dir, `d${++n}.dcm`), { rows: 8, columns: 8, bitsStored: 12, pixels: ramp, attributes, ...extra });
}

test('every Window Center/Width pair is a preset, in file order, with its explanation', async () => {
  const study = await loadStudy(await file({ WindowCenter: '1500\\2000\\900', WindowWidth: '3000\\1200\\800', WindowCenterWidthExplanation: 'NORMAL\\HARDER' }));
  assert.deepEqual(study.display.presets, [
    { center: 1500, width: 3000, explanation: 'NORMAL' },
    { center: 2000, width: 1200, explanation: 'HARDER' },
    { center: 900, width: 800, explanation: '' },
  ]);
  // The first pair stays the default window.
  assert.deepEqual(study.window, { center: 1500, width: 3000 });
});

test('a pair with a width below 1 is skipped, and a file without windows has no presets', async () => {
  const study = await loadStudy(await file({ WindowCenter: '100\\2000', WindowWidth: '0\\1000' }));
  assert.deepEqual(study.display.presets, [{ center: 2000, width: 1000, explanation: '' }]);
  assert.deepEqual((await loadStudy(await file({}))).display.presets, []);
});

test('SIGMOID VOI LUT function: the engine renders the sigmoid curve, not the linear ramp', async () => {
  const c = 2048;
  const w = 1024;
  const sigmoid = await loadStudy(await file({ VOILUTFunction: 'SIGMOID' }, { window: { center: c, width: w } }));
  const linear = await loadStudy(await file({}, { window: { center: c, width: w } }));
  assert.equal(sigmoid.display.voiLutFunction, 'SIGMOID');
  assert.equal(linear.display.voiLutFunction, 'LINEAR');
  assert.ok(!sigmoid.notes.some((t) => /sigmoid/i.test(t)), `no "shown as linear" note: ${sigmoid.notes.join('; ')}`);
  const s = displayPixels(sigmoid);
  const l = displayPixels(linear);
  for (let i = 0; i < ramp.length; i++) {
    const expected = Math.round(255 / (1 + Math.exp((-4 * (ramp[i] - c)) / w)));
    assert.equal(s[i], expected, `pixel ${i} (value ${ramp[i]})`);
  }
  // At c + w/2 the linear window is white, the sigmoid 255/(1+e^-2) = 224.6; far out both saturate.
  const at = ramp.indexOf(2560);
  assert.equal(l[at], 255);
  assert.equal(s[at], 225);
  assert.equal(s[0], 0);
  assert.equal(s[63], 255);
});

test('Pixel Spacing is used first (at the detector when it only repeats Imager Pixel Spacing), Imager Pixel Spacing next, else no spacing', async () => {
  const both = await loadStudy(await file({ PixelSpacing: '0.2\\0.1', ImagerPixelSpacing: '0.3\\0.3' }));
  assert.deepEqual(both.display.spacing, { row: 0.2, column: 0.1, source: 'pixel-spacing' });
  const imager = await loadStudy(await file({ ImagerPixelSpacing: '0.143\\0.150' }));
  assert.deepEqual(imager.display.spacing, { row: 0.143, column: 0.15, source: 'imager-pixel-spacing' });
  const none = await loadStudy(await file({}));
  assert.equal(none.display.spacing, undefined);
  const broken = await loadStudy(await file({ PixelSpacing: '0\\abc', ImagerPixelSpacing: '0.16\\0.16' }));
  assert.equal(broken.display.spacing?.source, 'imager-pixel-spacing', 'an unusable Pixel Spacing falls through');
  // Pixel Spacing that only repeats Imager Pixel Spacing is still at the detector; with a calibration type it is calibrated.
  const copied = await loadStudy(await file({ PixelSpacing: '0.16\\0.16', ImagerPixelSpacing: '0.160\\0.160' }));
  assert.deepEqual(copied.display.spacing, { row: 0.16, column: 0.16, source: 'pixel-spacing-at-detector' });
  const calibrated = await loadStudy(await file({ PixelSpacing: '0.16\\0.16', ImagerPixelSpacing: '0.16\\0.16', PixelSpacingCalibrationType: 'GEOMETRY' }));
  assert.equal(calibrated.display.spacing?.source, 'pixel-spacing');
});

test('Imager Pixel Spacing alone is divided by the Estimated Radiographic Magnification Factor, which is kept to say so; Pixel Spacing still wins', async () => {
  const ermf = (value: string): DicomSpec['elements'] => [[0x00181114, 'DS', value]];
  const corrected = await loadStudy(await file({ ImagerPixelSpacing: '0.22\\0.33' }, { elements: ermf('1.1') }));
  const s = corrected.display.spacing;
  assert.equal(s?.source, 'imager-pixel-spacing-ermf');
  assert.ok(s?.source === 'imager-pixel-spacing-ermf');
  assert.ok(Math.abs(s.row - 0.2) < 1e-12 && Math.abs(s.column - 0.3) < 1e-12, `0.22 / 1.1 and 0.33 / 1.1: ${s.row} x ${s.column}`);
  assert.equal(s.magnificationFactor, 1.1);
  assert.deepEqual(s.imager, { row: 0.22, column: 0.33 });
  // 100 pixels down a column: 22.0 mm at the detector, 20.0 mm at the patient as the factor estimates.
  assert.equal((100 * s.row).toFixed(1), '20.0');
  // With Pixel Spacing the file has said how it calibrated: the factor is not applied twice.
  const both = await loadStudy(await file({ PixelSpacing: '0.2\\0.2', ImagerPixelSpacing: '0.22\\0.22' }, { elements: ermf('1.1') }));
  assert.deepEqual(both.display.spacing, { row: 0.2, column: 0.2, source: 'pixel-spacing' });
  // A factor that is no SID / SOD (below 1, zero, not a number, several values) corrects nothing: at the detector, said so.
  for (const bad of ['0.9', '0', 'abc', '1.1\\1.2', '-1.1']) {
    const study = await loadStudy(await file({ ImagerPixelSpacing: '0.22\\0.22' }, { elements: ermf(bad) }));
    assert.deepEqual(study.display.spacing, { row: 0.22, column: 0.22, source: 'imager-pixel-spacing' }, `ERMF ${bad}`);
  }
  // A factor without any spacing gives none.
  assert.equal((await loadStudy(await file({}, { elements: ermf('1.1') }))).display.spacing, undefined);
});
