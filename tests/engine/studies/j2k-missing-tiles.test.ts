// A JPEG 2000 codestream that lacks tiles of its SIZ tile grid (cut after the first tile, or with
// one dropped) used to decode "successfully", the missing tiles black; one whose tile has fewer
// tile-parts than announced, or that was cut at a tile-part boundary, decoded blurred. They are
// refused now, saying how many tiles or tile-parts are missing. The multi-tile codestreams are made
// here: each tile encoded on its own by OpenJPEG's encoder and put back under one main header.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { AlveoError } from '../../../src-main/api/errors';
import { decodeWithWasm } from '../../../src-main/engine/studies/dicom/codecs/wasm-codecs';
import { inspectDicom } from '../../../src-main/engine/studies/inspect-dicom';
import { tempDir } from '../../support/temp-dir';
import { assemble, codSegment, tilePart, tiledJ2k, withCodLevels } from './j2k-encoder';
import { DICOM_DIR, readSamples, skipUnless } from './shared-data';

const SIZE = { width: 128, height: 128 };
// A different value in each tile, and detail within it: a zero-filled tile cannot pass for one.
const sample = (x: number, y: number) => (40 + 50 * (Math.floor(x / 64) + 2 * Math.floor(y / 64)) + ((x * 3 + y) % 17)) & 0xff;

test('a codestream put together from its four tiles decodes to the whole image (the construction the tests below rely on)', async () => {
  const { main, tiles, expected } = await tiledJ2k(128, 128, 64, sample);
  const whole = assemble(main, tiles.map((data, tile) => tilePart({ tile, data })));
  const { bytes } = await decodeWithWasm('openjpeg', whole, SIZE);
  assert.ok(Buffer.from(bytes).equals(Buffer.from(expected)), 'every tile decodes in its place');
});

test('a codestream cut after its first tile is refused, naming the 3 missing tiles, with or without its EOC', async () => {
  const { main, tiles } = await tiledJ2k(128, 128, 64, sample);
  for (const eoc of [true, false]) {
    const cut = assemble(main, [tilePart({ tile: 0, data: tiles[0] })], eoc);
    await assert.rejects(
      decodeWithWasm('openjpeg', cut, SIZE),
      /^Error: the JPEG 2000 data is damaged or truncated: 3 tiles of the 4 its SIZ marker's grid needs \(2 x 2 tiles of 64 x 64\) are missing \(tile 1, 2, 3\)$/,
    );
  }
});

test('a codestream with one tile dropped from the middle is refused, naming that tile', async () => {
  const { main, tiles } = await tiledJ2k(128, 128, 64, sample);
  const parts = tiles.map((data, tile) => tilePart({ tile, data })).filter((_, tile) => tile !== 2);
  await assert.rejects(decodeWithWasm('openjpeg', assemble(main, parts), SIZE), /1 tile of the 4 its SIZ marker's grid needs \(2 x 2 tiles of 64 x 64\) is missing \(tile 2\)$/);
});

test('a tile with fewer tile-parts than its SOT markers announce is refused', async () => {
  const { main, tiles } = await tiledJ2k(128, 128, 64, sample);
  // Tile 3's one tile-part says it is the first of 2 (TNsot): the second never came.
  const parts = tiles.map((data, tile) => tilePart({ tile, data, parts: tile === 3 ? 2 : 1 }));
  await assert.rejects(decodeWithWasm('openjpeg', assemble(main, parts), SIZE), /tile 3 has 1 of the 2 tile-parts its SOT markers announce$/);
});

test('a tile-part whose length runs past the end of the data is refused as cut short', async () => {
  const { main, tiles } = await tiledJ2k(128, 128, 64, sample);
  const whole = assemble(main, tiles.map((data, tile) => tilePart({ tile, data })), false);
  await assert.rejects(decodeWithWasm('openjpeg', whole.subarray(0, whole.length - 10), SIZE), /the tile-part of tile 3 at byte \d+ is cut short \(\d+ bytes by its SOT marker, \d+ present\)$/);
});

test('a tile-part header whose own COD level count contradicts the quantisation is refused, naming the tile', async () => {
  const { main, tiles, expected } = await tiledJ2k(128, 128, 64, sample);
  // Tile 1 repeats the main COD in its own header: read, and decoded as before.
  const repeated = tiles.map((data, tile) => tilePart({ tile, data, header: tile === 1 ? codSegment(main) : undefined }));
  const { bytes } = await decodeWithWasm('openjpeg', assemble(main, repeated), SIZE);
  assert.ok(Buffer.from(bytes).equals(Buffer.from(expected)));
  // Its COD says 3 levels where the main QCD quantises the 16 sub-bands of 5.
  const altered = tiles.map((data, tile) => tilePart({ tile, data, header: tile === 1 ? codSegment(withCodLevels(main, 3)) : undefined }));
  await assert.rejects(decodeWithWasm('openjpeg', assemble(main, altered), SIZE), /in the header of tile 1, component 0 has 3 decomposition levels \(COD\/COC\), which make 10 sub-bands, but 16 are quantised \(QCD\/QCC\)$/);
});

const skip = skipUnless(DICOM_DIR);
const MULTI_PART = 'native/966_fixed_dx_chest_j2k_lossless.dcm';

test('a real file whose one tile comes in 6 tile-parts decodes exactly whole, and is refused when cut after 3 of them', { skip }, async () => {
  const file = join(DICOM_DIR, MULTI_PART);
  const row = readSamples().find((s) => s.file === file);
  assert.ok(row, `SAMPLES.tsv lists ${MULTI_PART}`);
  assert.equal((await inspectDicom(file)).pixelMd5.slice(0, 12), row.md5_12);

  // One fragment, then the sequence delimiter; its tile-parts announce their count (TNsot) only in the last.
  const bytes = await readFile(file);
  const soc = bytes.indexOf(Buffer.from([0xff, 0x4f, 0xff, 0x51]));
  assert.equal(bytes.readUInt32LE(soc - 4), bytes.length - 8 - soc);
  let pos = bytes.indexOf(Buffer.from([0xff, 0x90]), soc);
  for (let part = 0; part < 3; part++) {
    assert.deepEqual([bytes[pos + 10], bytes[pos + 11]], [part, 0], `tile-part ${part} does not announce the count`);
    pos += bytes.readUInt32BE(pos + 6);
  }
  // Cut at the end of the third tile-part, as an interrupted copy that stopped there would be.
  const cut = Buffer.concat([bytes.subarray(0, pos), bytes.subarray(-8)]);
  cut.writeUInt32LE(pos - soc, soc - 4);
  const cutFile = join(await tempDir('alveo-j2k-parts-'), 'cut.dcm');
  await writeFile(cutFile, cut);
  await assert.rejects(inspectDicom(cutFile), (err: unknown) => {
    assert.ok(err instanceof AlveoError && err.file === cutFile, String(err));
    assert.match(err.message, /the JPEG 2000 data is damaged or truncated: it ends after a tile-part of tile 0 with no EOC marker, and its SOT markers do not say how many tile-parts that tile has: some may have been cut off\)$/);
    return true;
  });
});
