// The VOI LUT Function the file gives decides the rendering the model reads (review 42, F1):
// LINEAR (PS3.3 C.11.2.1.2.1) when absent or LINEAR, LINEAR_EXACT (C.11.2.1.3.2) when the file
// says so; a LINEAR_EXACT window narrower than 1 is valid and kept. A narrow header window that
// cuts through the pixel values is a threshold, used as the file asks; only a window that would
// show (nearly) every pixel at one end is replaced, and the note says why (review 42, F8).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadStudy } from '../../../src-main/engine/studies/load-study';
import { displayPixels } from '../../../src-main/engine/studies/display-pixels';
import { linearExactLevels } from '../../../src-main/api/voi-grey';
import { writeDicom, type DicomSpec } from '../../fixtures/write-dicom';
import { tempDir } from '../../support/temp-dir';

// A 16x16 wedge of stored values 880..1135, one per pixel.
const WEDGE = Array.from({ length: 256 }, (_, i) => 880 + i);
const at = (v: number) => WEDGE.indexOf(v);

let n = 0;
async function wedge(center: number, width: number, fn?: string, extra: Partial<DicomSpec> = {}): Promise<string> {
  const dir = await tempDir('alveo-voifn-');
  return writeDicom(join(dir, `w${++n}.dcm`), {
    rows: 16,
    columns: 16,
    bitsStored: 12,
    pixels: WEDGE,
    attributes: { WindowCenter: String(center), WindowWidth: String(width), ...(fn ? { VOILUTFunction: fn } : {}) },
    ...extra,
  });
}

function levels(px: Uint8Array, values: number[]): number[] {
  return values.map((v) => px[at(v)]);
}

test('LINEAR_EXACT: y = ((x - c) / w + 0.5) * 255, clamped, rounded half to even', () => {
  const x = Float32Array.from([998, 999, 1000, 1001, 1002]);
  assert.deepEqual(Array.from(linearExactLevels(x, { center: 1000, width: 3 })), [0, 43, 128, 212, 255]);
  assert.deepEqual(Array.from(linearExactLevels(x, { center: 1000, width: 10 })), [76, 102, 128, 153, 178]);
  assert.deepEqual(Array.from(linearExactLevels(x, { center: 1000, width: 0.5 })), [0, 0, 128, 255, 255]);
});

test('a LINEAR_EXACT file is rendered with LINEAR_EXACT; the same window without the function (LINEAR) with LINEAR', async () => {
  const exact = await loadStudy(await wedge(1000, 10, 'LINEAR_EXACT'));
  const linear = await loadStudy(await wedge(1000, 10));
  const named = await loadStudy(await wedge(1000, 10, 'LINEAR'));
  assert.equal(exact.display.voiLutFunction, 'LINEAR_EXACT');
  assert.deepEqual(levels(displayPixels(exact), [998, 999, 1000, 1001, 1002]), [76, 102, 128, 153, 178]);
  // LINEAR, C.11.2.1.2.1: ((x - (c - 0.5)) / (w - 1) + 0.5) * 255.
  assert.deepEqual(levels(displayPixels(linear), [998, 999, 1000, 1001, 1002]), [85, 113, 141, 170, 198]);
  assert.deepEqual(displayPixels(named), displayPixels(linear));
  // LINEAR W 3 vs LINEAR_EXACT W 3 differ where the functions do.
  assert.deepEqual(levels(displayPixels(await loadStudy(await wedge(1000, 3, 'LINEAR_EXACT'))), [998, 999, 1000, 1001, 1002]), [0, 43, 128, 212, 255]);
  assert.deepEqual(levels(displayPixels(await loadStudy(await wedge(1000, 3))), [998, 999, 1000, 1001, 1002]), [0, 63, 191, 255, 255]);
  // A window the viewer asks for is drawn with the file's function too.
  assert.deepEqual(levels(displayPixels(exact, { center: 1000, width: 3 }), [999, 1000, 1001]), [43, 128, 212]);
});

test('a LINEAR_EXACT window narrower than 1 is valid: it is the default window and a preset; under LINEAR it is not valid, and a note says so', async () => {
  const exact = await loadStudy(await wedge(1000, 0.5, 'LINEAR_EXACT'));
  assert.equal(exact.windowSource, 'header');
  assert.deepEqual(exact.window, { center: 1000, width: 0.5 });
  assert.deepEqual(exact.display.presets, [{ center: 1000, width: 0.5, explanation: '' }]);
  assert.deepEqual(exact.notes, []);
  assert.deepEqual(levels(displayPixels(exact), [999, 1000, 1001]), [0, 128, 255]);
  const linear = await loadStudy(await wedge(1000, 0.5));
  assert.equal(linear.windowSource, 'auto');
  assert.deepEqual(linear.display.presets, []);
  assert.ok(linear.notes.includes('header window 1000/0.5 is not valid (a LINEAR window needs a width of at least 1); automatic window used'), linear.notes.join(' | '));
});

test('a narrow LINEAR header window (W 1, W 2) whose centre lies among the values is used as the file asks: a threshold, no note', async () => {
  for (const width of [1, 2]) {
    const s = await loadStudy(await wedge(1000, width));
    assert.equal(s.windowSource, 'header', `W ${width}`);
    assert.deepEqual(s.window, { center: 1000, width });
    assert.deepEqual(s.notes, [], `W ${width}`);
    const px = displayPixels(s);
    // A threshold at c - 0.5 (C.11.2.1.2.1): 999 black, 1000 white.
    assert.deepEqual(levels(px, [880, 999, 1000, 1001, 1135]), [0, 0, 255, 255, 255], `W ${width}`);
  }
});

test('a header window that would show (nearly) every pixel at one end is replaced, and the note says so truthfully', async () => {
  const below = await loadStudy(await wedge(3000, 100));
  assert.equal(below.windowSource, 'auto');
  assert.ok(
    below.notes.includes('header window 3000/100 misses the pixel values (880..1135): it would show 100% of them at its lowest level, a blank image; automatic window used'),
    below.notes.join(' | '),
  );
  const above = await loadStudy(await wedge(500, 100));
  assert.ok(above.notes.some((t) => t.startsWith('header window 500/100 misses the pixel values (880..1135): it would show 100% of them at its highest level')), above.notes.join(' | '));
  // 2 of 256 values inside the window, the other 254 (99.2%) white: blank.
  const edge = await loadStudy(await wedge(880.5, 4));
  assert.equal(edge.windowSource, 'auto');
  assert.ok(edge.notes.some((t) => /it would show 99\.\d% of them at its highest level/.test(t)), edge.notes.join(' | '));
});
