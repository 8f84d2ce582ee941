// A rescale that cannot be applied (review 45 F10): Rescale Slope 1e308 made every pixel Infinity.
// Such a rescale is not used, the values stay the stored ones, and the study says why.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadStudy } from '../../../src-main/engine/studies/load-study';
import { writeDicom } from '../../fixtures/write-dicom';
import { tempDir } from '../../support/temp-dir';

const PIXELS = Array.from({ length: 16 }, (_, i) => i * 100);

async function withRescale(slope: number | string, intercept: number | string): Promise<string> {
  const path = join(await tempDir('alveo-rescale-'), 'r.dcm');
  await writeDicom(path, { rows: 4, columns: 4, bitsStored: 12, pixels: PIXELS, elements: [[0x00281053, 'DS', String(slope)], [0x00281052, 'DS', String(intercept)]] });
  return path;
}

for (const [slope, intercept, words] of [
  [1e308, 0, /Rescale Slope 1e\+308, Intercept 0 would take values past ±1e\+30 .*: not used \(stored values shown\)/],
  [1, -1e35, /Intercept -1e\+35 would take values past/],
  [0, 5, /a slope of 0 makes every pixel one value; not used/],
] as const) {
  test(`Rescale Slope ${slope}, Intercept ${intercept}: not used, stored values kept, and said`, async () => {
    const study = await loadStudy(await withRescale(slope, intercept));
    assert.deepEqual(Array.from(study.values), PIXELS);
    assert.ok(Number.isFinite(study.window.center) && Number.isFinite(study.window.width), JSON.stringify(study.window));
    assert.ok(study.notes.some((n) => words.test(n)), study.notes.join(' | '));
  });
}

test('an ordinary rescale is applied, with no note about it', async () => {
  const study = await loadStudy(await withRescale(2, -1000));
  assert.deepEqual(Array.from(study.values), PIXELS.map((v) => v * 2 - 1000));
  assert.ok(!study.notes.some((n) => /Rescale/.test(n)), study.notes.join(' | '));
});
