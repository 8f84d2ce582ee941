// A compressed frame whose own header (JPEG SOFn, JPEG-LS SOF55, JPEG 2000 SIZ) declares another
// size than the DICOM header is refused from that header, before a decoder allocates what it
// declares (a 100 KB file declaring 30000 x 30000 once took gigabytes). And a decode that fails
// must never hand back the previous file's pixels: OpenJPEG fails quietly, and a reused decoder
// still held the last image (a bad file was scored with another patient's picture).
// Inputs are real files from ../shared/data/dicom with bytes patched, written to a temp folder.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { AlveoError } from '../../../../src-main/api/errors';
import { declaredSize } from '../../../../src-main/engine/studies/dicom/codecs/declared-size';
import { decodeWithWasm } from '../../../../src-main/engine/studies/dicom/codecs/wasm-codecs';
import { inspectDicom } from '../../../../src-main/engine/studies/inspect-dicom';
import { tempDir } from '../../../support/temp-dir';
import { DICOM_DIR, type SampleRow, readSamples, skipUnless } from '../shared-data';

const skip = skipUnless(DICOM_DIR);
const J2K = 'small/cr8_mono2_512_j2k_lossless.dcm';

function sample(rel: string): SampleRow {
  const row = readSamples().find((s) => s.file === join(DICOM_DIR, rel));
  if (!row) throw new Error(`SAMPLES.tsv does not list ${rel}`);
  return row;
}

function md5Of(rel: string): string {
  return sample(rel).md5_12;
}

function find(bytes: Buffer, pattern: number[], from = 0): number {
  const at = bytes.indexOf(Buffer.from(pattern), from);
  assert.ok(at >= 0, `marker ${Buffer.from(pattern).toString('hex')} not found`);
  return at;
}

/** The real file with its J2K SIZ (Xsiz, Ysiz; origin 0 in these files) set to width x height. */
async function withSiz(rel: string, width: number, height: number): Promise<Buffer> {
  const bytes = Buffer.from(await readFile(join(DICOM_DIR, rel)));
  const siz = find(bytes, [0xff, 0x4f, 0xff, 0x51]) + 2;
  const { rows, columns } = sample(rel);
  assert.deepEqual([bytes.readUInt32BE(siz + 6), bytes.readUInt32BE(siz + 10)], [columns, rows], 'the SIZ marker was found');
  bytes.writeUInt32BE(width, siz + 6);
  bytes.writeUInt32BE(height, siz + 10);
  return bytes;
}

/** The real file with the Y and X of its first `sof` frame header set to height and width. */
async function withSof(rel: string, sof: number, width: number, height: number): Promise<Buffer> {
  const bytes = Buffer.from(await readFile(join(DICOM_DIR, rel)));
  const at = find(bytes, [0xff, sof], find(bytes, [0xff, 0xd8, 0xff]));
  const { rows, columns } = sample(rel);
  assert.deepEqual([bytes.readUInt16BE(at + 5), bytes.readUInt16BE(at + 7)], [rows, columns], 'the frame header was found');
  bytes.writeUInt16BE(height, at + 5);
  bytes.writeUInt16BE(width, at + 7);
  return bytes;
}

async function written(dir: string, name: string, bytes: Buffer): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, bytes);
  return file;
}

/** Rejects with an AlveoError that names this file, and whose message matches `pattern`. */
async function refused(file: string, pattern: RegExp): Promise<void> {
  await assert.rejects(inspectDicom(file), (err: unknown) => {
    assert.ok(err instanceof AlveoError, `not an AlveoError: ${String(err)}`);
    assert.equal(err.file, file);
    assert.ok(err.message.startsWith(`${file}: `), err.message);
    assert.match(err.message, pattern);
    return true;
  });
}

test('a J2K file whose SIZ declares another size, decoded right after a good one, is refused naming it, never given the good pixels', { skip }, async () => {
  const dir = await tempDir('alveo-siz-');
  const good = join(DICOM_DIR, J2K);
  const md5 = md5Of(J2K);
  for (const [width, height] of [[60000, 60000], [512, 60000], [256, 256], [513, 512]]) {
    assert.equal((await inspectDicom(good)).pixelMd5.slice(0, 12), md5);
    const bad = await written(dir, `siz_${width}x${height}.dcm`, await withSiz(J2K, width, height));
    await refused(bad, new RegExp(`JPEG 2000 Lossless pixel data declares a ${width} x ${height} image but the DICOM header says 512 x 512$`));
  }
  // The good file still decodes exactly after all those refusals.
  assert.equal((await inspectDicom(good)).pixelMd5.slice(0, 12), md5);
});

test('a J2K file whose codestream is damaged after an intact SIZ, decoded right after a good one, is refused as damaged', { skip }, async () => {
  const dir = await tempDir('alveo-siz-');
  const good = join(DICOM_DIR, J2K);
  const bytes = Buffer.from(await readFile(good));
  const soc = find(bytes, [0xff, 0x4f, 0xff, 0x51]);
  // One fragment, then the sequence delimiter: the layout the two copies below rely on.
  assert.equal(bytes.readUInt32LE(soc - 4), bytes.length - 8 - soc);
  assert.equal(bytes.subarray(-8).toString('hex'), 'feffdde000000000');
  // Zeroed from just after the main header to the end of the fragment (OpenJPEG's decode() fails
  // without throwing here), and cut to its first half, as an interrupted copy would be.
  const zeroed = Buffer.from(bytes);
  zeroed.fill(0, soc + 200, bytes.length - 8);
  const zeroedFile = await written(dir, 'zeroed.dcm', zeroed);
  const kept = Math.floor((bytes.length - 8 - soc) / 4) * 2;
  const half = Buffer.concat([bytes.subarray(0, soc + kept), bytes.subarray(-8)]);
  half.writeUInt32LE(kept, soc - 4);
  const halfFile = await written(dir, 'half.dcm', half);
  for (const file of [zeroedFile, halfFile]) {
    assert.equal((await inspectDicom(good)).pixelMd5.slice(0, 12), md5Of(J2K));
    await assert.rejects(inspectDicom(file), (err: unknown) => {
      assert.ok(err instanceof AlveoError && err.file === file, String(err));
      // Not "the compressed image is 0 x 0": the words say what is wrong with the data.
      assert.match(err.message, /the JPEG 2000 data is damaged or truncated/);
      assert.doesNotMatch(err.message, /0 x 0/);
      return true;
    });
  }
  assert.equal((await inspectDicom(good)).pixelMd5.slice(0, 12), md5Of(J2K));
});

// Each codec's own frame header, patched to 30000 x 30000 (what once took 1 to 3 GB to refuse).
const HUGE: [rel: string, marker: number, syntax: string][] = [
  ['small/cr8_mono2_512_jpeg_baseline.dcm', 0xc0, 'JPEG Baseline \\(Process 1\\)'],
  ['small/dx12_mono1_512_jpeg_extended_12bit.dcm', 0xc1, 'JPEG Extended \\(Process 2 & 4, 12-bit\\)'],
  ['small/dx16_mono2_512_jpeg_lossless_sv1.dcm', 0xc3, 'JPEG Lossless, First-Order Prediction \\(Process 14, SV1\\)'],
  ['small/cr8_mono2_512_jpeg_lossless_p14.dcm', 0xc3, 'JPEG Lossless, Non-Hierarchical \\(Process 14\\)'],
  ['small/dx16_mono2_512_jpegls_lossless.dcm', 0xf7, 'JPEG-LS Lossless'],
];

for (const [rel, marker, syntax] of HUGE) {
  test(`${rel} whose frame header (FF${marker.toString(16).toUpperCase()}) declares 30000 x 30000 is refused from that header`, { skip }, async () => {
    const dir = await tempDir('alveo-sof-');
    const { rows, columns } = sample(rel);
    const file = await written(dir, basename(rel), await withSof(rel, marker, 30000, 30000));
    await refused(file, new RegExp(`the ${syntax} pixel data declares a 30000 x 30000 image but the DICOM header says ${columns} x ${rows}$`));
    const narrow = await written(dir, `narrow-${basename(rel)}`, await withSof(rel, marker, columns - 1, rows));
    await refused(narrow, new RegExp(`declares a ${columns - 1} x ${rows} image but the DICOM header says ${columns} x ${rows}$`));
  });
}

test('a J2K file whose SIZ declares 20000 x 20000 is refused from that header', { skip }, async () => {
  const dir = await tempDir('alveo-siz-');
  const file = await written(dir, 'siz_20000.dcm', await withSiz('small/dx16_mono2_512_j2k_lossless.dcm', 20000, 20000));
  await refused(file, /the JPEG 2000 Lossless pixel data declares a 20000 x 20000 image but the DICOM header says 512 x 510$/);
});

/** A minimal JP2 file around a raw codestream: signature, ftyp, jp2h (ihdr, colr) and jp2c boxes. */
function jp2(codestream: Uint8Array, width: number, height: number): Uint8Array {
  const box = (type: string, body: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(8 + body.length, 0);
    head.write(type, 4, 'latin1');
    return Buffer.concat([head, body]);
  };
  const ihdr = Buffer.alloc(14);
  ihdr.writeUInt32BE(height, 0);
  ihdr.writeUInt32BE(width, 4);
  ihdr.writeUInt16BE(1, 8); // one component
  ihdr.writeUInt8(7, 10); // 8 bits, unsigned
  ihdr.writeUInt8(7, 11); // wavelet compression
  const colr = Buffer.from([1, 0, 0, 0, 0, 0, 0, 17]); // enumerated greyscale
  return Buffer.concat([
    box('jP  ', Buffer.from([0x0d, 0x0a, 0x87, 0x0a])),
    box('ftyp', Buffer.concat([Buffer.from('jp2 '), Buffer.alloc(4), Buffer.from('jp2 ')])),
    box('jp2h', Buffer.concat([box('ihdr', ihdr), box('colr', colr)])),
    box('jp2c', Buffer.from(codestream)),
  ]);
}

test('declaredSize reads SIZ in a raw codestream and inside a JP2 wrapper, and says what is missing', { skip }, async () => {
  const bytes = Buffer.from(await readFile(join(DICOM_DIR, J2K)));
  const start = find(bytes, [0xff, 0x4f, 0xff, 0x51]);
  const end = bytes.lastIndexOf(Buffer.from([0xff, 0xd9])) + 2;
  const codestream = new Uint8Array(bytes.subarray(start, end));
  assert.deepEqual(declaredSize('jpeg-2000', codestream), { width: 512, height: 512 });
  const wrapped = jp2(codestream, 512, 512);
  assert.deepEqual(declaredSize('jpeg-2000', wrapped), { width: 512, height: 512 });
  // OpenJPEG decodes the wrapped stream to the raw stream's pixels.
  const raw = await decodeWithWasm('openjpeg', codestream, { width: 512, height: 512 });
  const viaJp2 = await decodeWithWasm('openjpeg', wrapped, { width: 512, height: 512 });
  assert.ok(Buffer.from(viaJp2.bytes).equals(Buffer.from(raw.bytes)));
  // An image origin (XOsiz, YOsiz) is taken off, as OpenJPEG does.
  const offset = Buffer.from(codestream);
  offset.writeUInt32BE(612, 8);
  offset.writeUInt32BE(100, 16);
  assert.deepEqual(declaredSize('jpeg-2000', offset), { width: 512, height: 512 });
  const huge = Buffer.from(codestream);
  huge.writeUInt32BE(60000, 8);
  assert.deepEqual(declaredSize('jpeg-2000', jp2(huge, 512, 512)), { width: 60000, height: 512 });
  assert.throws(() => declaredSize('jpeg-2000', codestream.subarray(0, 20)), /JPEG 2000 data is damaged or truncated: its SIZ marker is cut short/);
  assert.throws(() => declaredSize('jpeg-2000', codestream.subarray(2)), /does not start with SOC and SIZ markers/);
  assert.throws(() => declaredSize('jpeg-2000', wrapped.subarray(0, 60)), /its JP2 wrapper holds no codestream box/);
  assert.throws(() => declaredSize('jpeg', new Uint8Array([0xff, 0xd8, 0xff, 0xdb, 0x00])), /JPEG data is damaged or truncated: it ends before its frame header/);
  assert.throws(() => declaredSize('jpeg-ls', new Uint8Array([0xff, 0xd8, 0xff, 0xda, 0x00, 0x02])), /JPEG-LS data is damaged or truncated: it has no frame header before its scan/);
});

test('a decode whose frame info is not the declared size is refused, not returned', { skip }, async () => {
  const bytes = Buffer.from(await readFile(join(DICOM_DIR, J2K)));
  const start = find(bytes, [0xff, 0x4f, 0xff, 0x51]);
  const codestream = new Uint8Array(bytes.subarray(start, bytes.lastIndexOf(Buffer.from([0xff, 0xd9])) + 2));
  await assert.rejects(decodeWithWasm('openjpeg', codestream, { width: 256, height: 512 }), /openjpeg gave a 512 x 512 image where the JPEG 2000 data declares 256 x 512/);
  // The codec is loaded afresh after that failure and decodes as before.
  assert.equal((await decodeWithWasm('openjpeg', codestream, { width: 512, height: 512 })).bytes.length, 512 * 512);
});
