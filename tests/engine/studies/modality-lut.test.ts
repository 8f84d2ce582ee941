// A Modality LUT Sequence (0028,3000) is the modality transformation (PS3.3 C.11.1): the values
// shown, windowed and read by the AI are its output, not the stored values, and the file's rescale
// slope/intercept is not used. Values beyond the table take its first or last entry. An inverting
// LUT over a MONOCHROME1 chest is not taken for a wrong header (review 42, F3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadStudy } from '../../../src-main/engine/studies/load-study';
import { displayPixels } from '../../../src-main/engine/studies/display-pixels';
import { studyImage, studyInfo } from '../../../src-main/engine/engine-studies';
import { chestPhantom, writeDicom, type DicomSpec } from '../../fixtures/write-dicom';
import { tempDir } from '../../support/temp-dir';
import { modalityLutSequence, type ModalityLutSpec } from './lut-sequence-element';

let n = 0;
async function withLut(lut: ModalityLutSpec, spec: Omit<DicomSpec, 'elements'>): Promise<string> {
  const dir = await tempDir('alveo-mlut-');
  return writeDicom(join(dir, `m${++n}.dcm`), { ...spec, elements: [[0x00283000, 'SQ', modalityLutSequence(lut)]] });
}

test('the LUT maps each stored value; below and above the table clamp to its ends; rescale is not used, and the note says so', async () => {
  // Entries for stored 10..13; stored 0 and 4000 fall outside.
  const lut = { firstValueMapped: 10, bitsPerEntry: 16, data: [5000, 100, 40000, 7], explanation: 'TEST', type: 'OD' };
  const stored = [0, 10, 11, 12, 13, 4000];
  const path = await withLut(lut, { rows: 1, columns: 6, bitsStored: 12, pixels: stored, rescale: { slope: 2, intercept: -1000 } });
  const s = await loadStudy(path);
  assert.deepEqual(Array.from(s.values), [5000, 5000, 100, 40000, 7, 7]);
  assert.equal(s.minValue, 7);
  assert.equal(s.maxValue, 40000);
  assert.ok(!s.notes.some((t) => /ignored/.test(t)), s.notes.join(' | '));
  assert.ok(
    s.notes.includes('modality LUT "TEST" applied (4 entries from stored value 10, output OD): the values are its output; the file\'s rescale slope/intercept not used'),
    s.notes.join(' | '),
  );
});

test('a 65536-entry table (descriptor 0), 8-bit entries packed one per byte, and a signed first value mapped', async () => {
  const big = Array.from({ length: 65536 }, (_, i) => 65535 - i);
  const s65536 = await loadStudy(await withLut({ firstValueMapped: 0, bitsPerEntry: 16, data: big }, { rows: 1, columns: 3, pixels: [0, 1, 65535] }));
  assert.deepEqual(Array.from(s65536.values), [65535, 65534, 0]);

  const packed = await loadStudy(await withLut({ firstValueMapped: 0, bitsPerEntry: 8, data: [9, 8, 7, 6, 5], packed: true }, { rows: 1, columns: 3, bitsStored: 12, pixels: [0, 2, 4] }));
  assert.deepEqual(Array.from(packed.values), [9, 7, 5]);

  // Signed 12-bit stored -2..1 through entries from -2 (SS first value mapped).
  const signed = await loadStudy(
    await withLut(
      { firstValueMapped: -2, bitsPerEntry: 16, data: [400, 300, 200, 100], descriptorVr: 'SS' },
      { rows: 1, columns: 5, bitsStored: 12, pixelRepresentation: 1, pixels: [-3 & 0xfff, -2 & 0xfff, -1 & 0xfff, 0, 1] },
    ),
  );
  assert.deepEqual(Array.from(signed.values), [400, 400, 300, 200, 100]);
});

test('the window is in the LUT\'s output units: the display follows the LUT, not the stored values', async () => {
  // Stored 0..15 through an inverting LUT to 4095..0 (step 273); header window over the output.
  const stored = Array.from({ length: 16 }, (_, i) => i);
  const data = Array.from({ length: 16 }, (_, i) => 4095 - 273 * i);
  const s = await loadStudy(await withLut({ firstValueMapped: 0, bitsPerEntry: 12, data }, { rows: 4, columns: 4, bitsStored: 12, pixels: stored, window: { center: 2048, width: 4096 } }));
  assert.equal(s.windowSource, 'header');
  const px = displayPixels(s);
  assert.equal(px[0], 255, 'stored 0 is output 4095, white');
  assert.equal(px[15], 0, 'stored 15 is output 0, black');
  for (let i = 1; i < 16; i++) assert.ok(px[i] < px[i - 1], `the display falls as the stored value rises (${i})`);
});

test('an inverting LUT over a MONOCHROME1 chest: the header is believed, as for the same chest stored plainly', async () => {
  const rows = 128;
  const columns = 128;
  // A MONOCHROME1 chest (low value = bright): the phantom's display levels reversed.
  const plain = chestPhantom(rows, columns, 3800, 200);
  const attributes = { Modality: 'DX', BodyPartExamined: 'CHEST', ViewPosition: 'PA' };
  const base = { rows, columns, bitsStored: 12, photometricInterpretation: 'MONOCHROME1', attributes, window: { center: 2048, width: 4096 } } as const;
  const dir = await tempDir('alveo-mlut-chest-');
  const reference = await loadStudy(await writeDicom(join(dir, 'plain.dcm'), { ...base, pixels: plain }));
  const inverted = plain.map((v) => 4095 - v);
  const lut = Array.from({ length: 4096 }, (_, i) => 4095 - i);
  const s = await loadStudy(await withLut({ firstValueMapped: 0, bitsPerEntry: 12, data: lut }, { ...base, pixels: inverted }));
  assert.equal(reference.invert, true);
  assert.equal(s.invert, true, 'MONOCHROME1 as the header says');
  assert.ok(!s.notes.some((t) => t.includes('header says')), s.notes.join(' | '));
  assert.deepEqual(displayPixels(s), displayPixels(reference));
});

test('a LUT that cannot be used (data shorter than its descriptor) is ignored with a note, and rescale is used', async () => {
  const path = await withLut({ firstValueMapped: 0, bitsPerEntry: 16, data: [1, 2, 3, 4] }, { rows: 1, columns: 2, bitsStored: 12, pixels: [0, 3], rescale: { slope: 2, intercept: 5 } });
  // Patch the descriptor to claim 6 entries where 4 are held.
  const { readFile, writeFile } = await import('node:fs/promises');
  const bytes = await readFile(path);
  const at = bytes.indexOf(Buffer.from([0x28, 0x00, 0x02, 0x30, 0x55, 0x53, 0x06, 0x00]));
  assert.ok(at > 0);
  bytes.writeUInt16LE(6, at + 8);
  await writeFile(path, bytes);
  const s = await loadStudy(path);
  assert.deepEqual(Array.from(s.values), [5, 11]);
  assert.ok(s.notes.includes('modality LUT ignored (its descriptor says 6 entries but its data holds 4); rescale slope/intercept used'), s.notes.join(' | '));
});

test("the viewer is told: the LUT's type and explanation with the display, the stored values with the pixels (the readout gives both)", async () => {
  const lut = { firstValueMapped: 10, bitsPerEntry: 16, data: [5000, 100, 40000, 7], explanation: 'TEST', type: 'OD' };
  const stored = [0, 10, 11, 12, 13, 4000];
  const s = await loadStudy(await withLut(lut, { rows: 1, columns: 6, bitsStored: 12, pixels: stored, rescale: { slope: 2, intercept: -1000 } }));
  assert.deepEqual(studyInfo('s1', s).display?.modalityLut, { type: 'OD', explanation: 'TEST' });
  assert.deepEqual(Array.from(studyImage('s1', s).storedValues ?? []), stored);
  const plain = await loadStudy(await writeDicom(join(await tempDir('alveo-mlut-'), 'plain.dcm'), { rows: 1, columns: 6, bitsStored: 12, pixels: stored }));
  assert.equal(studyInfo('s2', plain).display?.modalityLut, undefined, 'no LUT, nothing said');
  assert.equal(studyImage('s2', plain).storedValues, undefined, 'no LUT: the stored values follow from the rescale, not sent');
});
