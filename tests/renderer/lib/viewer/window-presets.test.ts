import assert from 'node:assert/strict';
import { test } from 'node:test';
import { percentiles, viewerPresets } from '../../../../src-renderer/src/lib/viewer/window-presets';

const ramp = new Float32Array(4096 * 3).map((_, i) => i % 4096);
const byId = (list: ReturnType<typeof viewerPresets>) => Object.fromEntries(list.map((p) => [p.id, p.window]));

test('percentiles of a uniform ramp are where they should be', () => {
  const [p1, p50, p99] = percentiles(ramp, 0, 4095, [0.01, 0.5, 0.99]);
  assert.ok(Math.abs(p1 - 41) < 10, String(p1));
  assert.ok(Math.abs(p50 - 2048) < 30, String(p50));
  assert.ok(Math.abs(p99 - 4054) < 10, String(p99));
});

test('lung opens the dark end and bone the bright end, whatever the polarity', () => {
  const base = { minValue: 0, maxValue: 4095, window: { center: 2048, width: 4096 }, windowSource: 'auto' as const };
  const mono2 = byId(viewerPresets(ramp, { ...base, invert: false }));
  const mono1 = byId(viewerPresets(ramp, { ...base, invert: true }));
  // MONOCHROME2: dark = low values, so the lung window sits below the bone window.
  assert.ok(mono2.lung.center < mono2['soft-tissue'].center && mono2['soft-tissue'].center < mono2.bone.center);
  // MONOCHROME1: dark = high values, so the order flips, mirrored about the middle.
  assert.ok(mono1.lung.center > mono1['soft-tissue'].center && mono1['soft-tissue'].center > mono1.bone.center);
  assert.ok(Math.abs(mono1.lung.center + mono2.lung.center - 4095) < 20);
  assert.deepEqual(mono2.default, base.window);
  assert.deepEqual(mono2.full, { center: 2047.5, width: 4095 });
});

test("the file's own windows come first, in file order, labelled with their explanations", () => {
  const presets = viewerPresets(ramp, {
    minValue: 0,
    maxValue: 4095,
    window: { center: 1500, width: 3000 },
    windowSource: 'header',
    invert: false,
    display: { presets: [{ center: 1500, width: 3000, explanation: 'NORMAL' }, { center: 2000, width: 800, explanation: '' }], voiLutFunction: 'LINEAR' },
  });
  assert.deepEqual(presets.slice(0, 2).map((p) => [p.label, p.source, p.window.center, p.window.width]), [
    ['NORMAL', 'file', 1500, 3000],
    ['File window 2', 'file', 2000, 800],
  ]);
  // The header window is the default already: no separate "Default" entry repeats it.
  assert.ok(!presets.some((p) => p.id === 'default'));
  assert.deepEqual(presets.slice(2).map((p) => p.id), ['lung', 'soft-tissue', 'bone', 'full']);
});

test('on an 8-bit display image, lung leaves most of the image below white (it was nearly all white)', () => {
  // A bright 8-bit radiograph: most values high, as in the Kermany JPEGs.
  const bright = new Float32Array(10000).map((_, i) => Math.round(120 + 135 * Math.sqrt((i % 100) / 99)));
  const lung = byId(viewerPresets(bright, { minValue: 120, maxValue: 255, window: { center: 128, width: 256 }, windowSource: 'full-range', invert: false })).lung;
  const white = lung.center + lung.width / 2;
  const share = bright.filter((v) => v >= white).length / bright.length;
  assert.ok(share <= 0.31, `${(share * 100).toFixed(0)}% of the pixels white under the lung window`);
  assert.ok(lung.width > 10, 'the window still spans the dark end');
});

test('a colour image offers only its default window (lung, bone... describe grayscale values)', () => {
  const presets = viewerPresets(ramp, { minValue: 0, maxValue: 255, window: { center: 127.5, width: 255 }, windowSource: 'full-range', invert: false, color: true });
  assert.deepEqual(presets.map((p) => [p.id, p.window]), [['default', { center: 127.5, width: 255 }]]);
});

test("a file shown through its VOI LUT: the first preset is named from its LUT Explanation, not 'Default'", () => {
  const lut = { firstValueMapped: 0, bitsPerEntry: 12, data: Array.from({ length: 4096 }, (_, i) => i) };
  const info = {
    minValue: 0,
    maxValue: 4095,
    window: { center: 2048, width: 4096 },
    windowSource: 'voi-lut' as const,
    invert: false,
    display: { presets: [], voiLutFunction: 'LINEAR' as const, voiLut: lut },
  };
  const [named] = viewerPresets(ramp, { ...info, display: { ...info.display, voiLut: { ...lut, explanation: 'SQRT' } } });
  assert.deepEqual([named.id, named.label, named.source, named.window], ['default', 'VOI LUT: SQRT', 'file', info.window]);
  assert.match(named.detail, /the file's VOI LUT "SQRT"/);
  assert.equal(viewerPresets(ramp, info)[0].label, 'VOI LUT', 'when the file gives none');
  // Never the engine's enum value in words a reader sees.
  for (const source of ['auto', 'full-range'] as const) assert.doesNotMatch(viewerPresets(ramp, { ...info, windowSource: source, display: undefined })[0].detail, /voi-lut|full-range|\(auto\)/);
});

test('padding (the area outside the image) is left out of Full range and the percentile presets', () => {
  // An image of values 1000..1999 in a border padded at 4095 that covers a third of the pixels.
  const n = 3000;
  const values = new Float32Array(n).map((_, i) => (i % 3 === 0 ? 4095 : 1000 + (i % 1000)));
  const mask = new Uint8Array(n).map((_, i) => (i % 3 === 0 ? 1 : 0));
  const info = { minValue: 1000, maxValue: 4095, window: { center: 1500, width: 1000 }, windowSource: 'auto' as const, invert: false };
  const padded = byId(viewerPresets(values, info, mask));
  assert.ok(Math.abs(padded.full.center - 1499.5) < 1 && Math.abs(padded.full.width - 999) < 1, JSON.stringify(padded.full));
  assert.ok(padded.bone.center + padded.bone.width / 2 < 2001, `bone ends at the image's brightest value: ${JSON.stringify(padded.bone)}`);
  // Without the mask the padding value is taken for image: Full range runs to 4095.
  const unmasked = byId(viewerPresets(values, info));
  assert.equal(unmasked.full.width, 3095);
});
