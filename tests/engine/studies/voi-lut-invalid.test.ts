// A VOI LUT that cannot be right (review 18, L3): data shorter than its descriptor says, or more
// than 16 bits per entry. Applied, it maps nearly every value to one level: a blank image on screen
// and for the AI. It is ignored with a note, and the window is found as if there were no LUT.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { displayPixels } from '../../../src-main/engine/studies/display-pixels';
import { loadStudy } from '../../../src-main/engine/studies/load-study';
import { chestPhantom, writeDicom, type DicomSpec } from '../../fixtures/write-dicom';
import { tempDir } from '../../support/temp-dir';

const LUT = Array.from({ length: 16 }, (_, i) => i * 256);

/** A 12-bit chest DICOM with a 16-entry VOI LUT whose descriptor value `index` (0 entries, 2 bits) is then set to `value`. */
async function withPatchedLut(path: string, index: 0 | 2, value: number, extra: Partial<DicomSpec> = {}): Promise<string> {
  await writeDicom(path, {
    rows: 64,
    columns: 64,
    bitsStored: 12,
    pixels: chestPhantom(64, 64, 200, 3800),
    voiLut: { firstValueMapped: 0, bitsPerEntry: 16, data: LUT },
    ...extra,
  });
  const bytes = await readFile(path);
  // LUT Descriptor (0028,3002) US, 6 bytes: entries, first value mapped, bits per entry.
  const at = bytes.indexOf(Buffer.from([0x28, 0x00, 0x02, 0x30, 0x55, 0x53, 0x06, 0x00]));
  assert.ok(at > 0, 'the LUT descriptor is in the file');
  bytes.writeUInt16LE(value, at + 8 + 2 * index);
  await writeFile(path, bytes);
  return path;
}

function distinct(values: ArrayLike<number>): number {
  return new Set(Array.from(values)).size;
}

test('a VOI LUT whose descriptor says 65536 entries but whose data holds 16 is ignored with a note; the header window is used', async () => {
  const dir = await tempDir('alveo-voilut-short-');
  const s = await loadStudy(await withPatchedLut(join(dir, 'short.dcm'), 0, 0, { window: { center: 2000, width: 4000 } }));
  assert.equal(s.windowSource, 'header');
  assert.equal(s.voiLut, undefined);
  assert.deepEqual(s.window, { center: 2000, width: 4000 });
  assert.ok(s.notes.includes('VOI LUT ignored (its descriptor says 65536 entries but its data holds 16)'), s.notes.join(' | '));
  assert.ok(distinct(displayPixels(s)) >= 4, 'the image shown is not blank (the phantom has 5 levels)');
});

test('a VOI LUT with 40 bits per entry is ignored with a note; without a header window the automatic one is used', async () => {
  const dir = await tempDir('alveo-voilut-bits-');
  const s = await loadStudy(await withPatchedLut(join(dir, 'bits40.dcm'), 2, 40));
  assert.equal(s.windowSource, 'auto');
  assert.equal(s.voiLut, undefined);
  assert.ok(s.notes.includes('VOI LUT ignored (its descriptor says 40 bits per entry; at most 16 are allowed)'), s.notes.join(' | '));
  assert.ok(distinct(displayPixels(s)) >= 4, 'the image shown is not blank (the phantom has 5 levels)');
});

test('a whole VOI LUT (16 entries, as its descriptor says) is still applied', async () => {
  const dir = await tempDir('alveo-voilut-ok-');
  const s = await loadStudy(await withPatchedLut(join(dir, 'ok.dcm'), 0, 16));
  assert.equal(s.windowSource, 'voi-lut');
  assert.equal(s.voiLut?.numberOfEntries, 16);
  assert.ok(!s.notes.some((n) => n.includes('VOI LUT')), s.notes.join(' | '));
});
