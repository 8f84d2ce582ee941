// JPEG 2000 codestreams whose markers say something OpenJPEG decodes wrongly without a word, or that
// contradict the DICOM header, are refused naming the cause. The worst: a SIZ marker that
// sub-samples the component (XRsiz/YRsiz 1 -> 3) made OpenJPEG read past the component's buffer
// into freed wasm memory, and the image returned was mostly the PREVIOUS file's (another
// patient's) pixels. Also: a bit depth beyond Bits Allocated (shown as its low bytes), samples
// beyond Bits Stored, a component count other than Samples per Pixel, and a COD level count that
// no longer matches the QCD quantisation (decoded as noise).
// Codestreams are made here with OpenJPEG's encoder; the DICOM-level cases patch real files.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { AlveoError } from '../../../src-main/api/errors';
import { decodeWithWasm } from '../../../src-main/engine/studies/dicom/codecs/wasm-codecs';
import { inspectDicom } from '../../../src-main/engine/studies/inspect-dicom';
import { tempDir } from '../../support/temp-dir';
import { SIZ, encodeJ2k, sampleBytes, withCodLevels } from './j2k-encoder';
import { DICOM_DIR, readSamples, skipUnless } from './shared-data';

const SIZE = { width: 256, height: 256 };
const N = SIZE.width * SIZE.height;
// Image A: a ramp that repeats every 251 samples, so a run of it is recognisable anywhere.
const A = { ...SIZE, bits: 8, samples: Uint8Array.from({ length: N }, (_, i) => (i * 13) % 251) };
// Image B: flat grey 7.
const B = { ...SIZE, bits: 8, samples: new Uint8Array(N).fill(7) };

/** The codestream with component `c`'s SIZ bytes (Ssiz, XRsiz, YRsiz) set where given. */
function withComponent(cs: Uint8Array, c: number, siz: { ssiz?: number; dx?: number; dy?: number }): Uint8Array {
  const out = Uint8Array.from(cs);
  const at = SIZ.component(c);
  if (siz.ssiz !== undefined) out[at] = siz.ssiz;
  if (siz.dx !== undefined) out[at + 1] = siz.dx;
  if (siz.dy !== undefined) out[at + 2] = siz.dy;
  return out;
}

test('a sub-sampled codestream decoded right after another image is refused, never given that image\'s pixels', async () => {
  const a = await encodeJ2k(A);
  const b = await encodeJ2k(B);
  for (const [dx, dy] of [[3, 3], [1, 3], [3, 1], [2, 2]]) {
    const decodedA = await decodeWithWasm('openjpeg', a, SIZE);
    assert.ok(Buffer.from(decodedA.bytes).equals(Buffer.from(A.samples)), 'image A decodes exactly');
    await assert.rejects(
      decodeWithWasm('openjpeg', withComponent(b, 0, { dx, dy }), SIZE),
      new RegExp(`^Error: the JPEG 2000 codestream cannot be decoded faithfully: its SIZ marker sub-samples component 0 \\(XRsiz ${dx}, YRsiz ${dy}\\); only full-resolution components can be decoded$`),
    );
  }
  // B itself is flat 7, whatever was decoded before it.
  await decodeWithWasm('openjpeg', a, SIZE);
  assert.ok((await decodeWithWasm('openjpeg', b, SIZE)).bytes.every((v) => v === 7));
});

test('component layouts the decoder cannot carry are refused: signed 8-bit, over 16 bits, 16-bit colour, mixed components', async () => {
  const grey = await encodeJ2k(A);
  const cases: [cs: Uint8Array, message: RegExp][] = [
    [withComponent(grey, 0, { ssiz: 0x87 }), /its samples are signed 8-bit, which the decoder would clip at 0$/],
    [withComponent(grey, 0, { ssiz: 0x10 }), /its samples are 17 bits \(SIZ precision\); at most 16 can be decoded$/],
  ];
  const rgb = await encodeJ2k({ ...SIZE, bits: 8, components: 3, samples: Uint8Array.from({ length: 3 * N }, (_, i) => i % 255) });
  assert.ok((await decodeWithWasm('openjpeg', rgb, SIZE)).bytes.length === 3 * N, 'the 8-bit colour image decodes');
  const rgb16 = [0, 1, 2].reduce((cs, c) => withComponent(cs, c, { ssiz: 0x0f }), rgb);
  cases.push([rgb16, /its colour samples are 16 bits \(SIZ precision\); colour can be decoded only at 8 bits$/]);
  cases.push([withComponent(rgb, 2, { ssiz: 0x0b }), /its components differ in bit depth or sign \(component 0: unsigned 8-bit, component 2: unsigned 12-bit\)$/]);
  for (const [cs, message] of cases) await assert.rejects(decodeWithWasm('openjpeg', cs, SIZE), message);
});

const GREY16 = { samplesPerPixel: 1, bitsAllocated: 16, bitsStored: 16, pixelRepresentation: 0 };

test('the codestream\'s components and bit depth are held to the DICOM header\'s Samples per Pixel and Bits Allocated', async () => {
  const wide = { ...SIZE, bits: 16, samples: Uint16Array.from({ length: N }, (_, i) => (i * 37) % 4000) };
  const cs = await encodeJ2k(wide);
  const { bytes } = await decodeWithWasm('openjpeg', cs, SIZE, GREY16);
  assert.ok(Buffer.from(bytes).equals(Buffer.from(sampleBytes(wide))));
  await assert.rejects(
    decodeWithWasm('openjpeg', cs, SIZE, { ...GREY16, bitsAllocated: 8, bitsStored: 8 }),
    /^Error: the JPEG 2000 data is damaged or truncated: its samples are 16 bits \(SIZ precision\) but the DICOM header allocates 8 \(Bits Allocated\)$/,
  );
  await assert.rejects(
    decodeWithWasm('openjpeg', cs, SIZE, { ...GREY16, samplesPerPixel: 3 }),
    /its SIZ marker gives 1 component but the DICOM header says 3 samples per pixel \(Samples per Pixel\)$/,
  );
});

test('a codestream wider than Bits Stored decodes while its samples fit, and is refused when they do not', async () => {
  const fits = { ...SIZE, bits: 16, samples: Uint16Array.from({ length: N }, (_, i) => (i * 37) % 4096) };
  const header12 = { ...GREY16, bitsStored: 12 };
  const { bytes } = await decodeWithWasm('openjpeg', await encodeJ2k(fits), SIZE, header12);
  assert.ok(Buffer.from(bytes).equals(Buffer.from(sampleBytes(fits))), 'a 16-bit codestream of 12-bit values decodes exactly');
  const over = { ...SIZE, bits: 16, samples: Uint16Array.from({ length: N }, (_, i) => (i === 999 ? 40000 : i % 4096)) };
  await assert.rejects(
    decodeWithWasm('openjpeg', await encodeJ2k(over), SIZE, header12),
    /its unsigned 16-bit samples \(SIZ precision\) go up to 40000, beyond the unsigned 12-bit range \(Bits Stored 12, Pixel Representation 0\) the DICOM header gives$/,
  );
  // Signed samples: fine where the header says signed, refused where it says unsigned and one is negative.
  const signed = { ...SIZE, bits: 16, signed: true, samples: Int16Array.from({ length: N }, (_, i) => (i % 2000) - 5) };
  const cs = await encodeJ2k(signed);
  const back = await decodeWithWasm('openjpeg', cs, SIZE, { ...GREY16, pixelRepresentation: 1 });
  assert.ok(Buffer.from(back.bytes).equals(Buffer.from(sampleBytes(signed))));
  await assert.rejects(decodeWithWasm('openjpeg', cs, SIZE, GREY16), /its signed 16-bit samples \(SIZ precision\) go down to -5, beyond the unsigned 16-bit range/);
});

test('a COD decomposition level count that contradicts the QCD quantisation is refused (it decoded as noise)', async () => {
  const cs = await encodeJ2k(A);
  assert.ok(Buffer.from((await decodeWithWasm('openjpeg', cs, SIZE)).bytes).equals(Buffer.from(A.samples)));
  for (const levels of [0, 3, 4, 6, 12]) {
    await assert.rejects(
      decodeWithWasm('openjpeg', withCodLevels(cs, levels), SIZE),
      new RegExp(`in the main header, component 0 has ${levels} decomposition levels? \\(COD/COC\\), which make ${3 * levels + 1} sub-bands, but 16 are quantised \\(QCD/QCC\\)$`),
    );
  }
  // Levels down to a 1 x 1 lowest resolution decode, their QCD agreeing.
  const small = { width: 64, height: 64, bits: 8, samples: Uint8Array.from({ length: 64 * 64 }, (_, i) => i % 200) };
  const deep = await decodeWithWasm('openjpeg', await encodeJ2k(small, 6), { width: 64, height: 64 });
  assert.ok(Buffer.from(deep.bytes).equals(Buffer.from(small.samples)));
});

// The same refusals through a whole DICOM file, its header patched.
const skip = skipUnless(DICOM_DIR);
const DX16 = 'small/dx16_mono2_512_j2k_lossless.dcm';

/** The file with the US element (0028,eeee) changed from `from` to `to` (explicit little endian). */
function withUs(bytes: Buffer, element: number, from: number, to: number): Buffer {
  const out = Buffer.from(bytes);
  const at = out.indexOf(Buffer.from([0x28, 0x00, element & 0xff, element >> 8, 0x55, 0x53, 0x02, 0x00]));
  assert.ok(at > 0 && out.readUInt16LE(at + 8) === from, `(0028,${element.toString(16).padStart(4, '0')}) is ${from}`);
  out.writeUInt16LE(to, at + 8);
  return out;
}

test('DICOM files whose J2K codestream contradicts Bits Allocated, Bits Stored, Samples per Pixel or its own levels are refused, naming it', { skip }, async () => {
  const dir = await tempDir('alveo-j2k-header-');
  const dx16 = await readFile(join(DICOM_DIR, DX16));
  const cr8 = await readFile(join(DICOM_DIR, 'small/cr8_mono2_512_j2k_lossless.dcm'));
  const cod = cr8.indexOf(Buffer.from([0xff, 0x52, 0x00, 0x0c]));
  assert.equal(cr8[cod + 9], 5, 'five decomposition levels');
  const levels4 = Buffer.from(cr8);
  levels4[cod + 9] = 4;
  const cases: [name: string, bytes: Buffer, message: RegExp][] = [
    ['bits-allocated-8', withUs(dx16, 0x0100, 16, 8), /its samples are 16 bits \(SIZ precision\) but the DICOM header allocates 8 \(Bits Allocated\)\)$/],
    ['bits-stored-12', withUs(withUs(dx16, 0x0101, 16, 12), 0x0102, 15, 11), /its unsigned 16-bit samples \(SIZ precision\) go up to \d+, beyond the unsigned 12-bit range \(Bits Stored 12, Pixel Representation 0\) the DICOM header gives\)$/],
    ['samples-3', withUs(dx16, 0x0002, 1, 3), /its SIZ marker gives 1 component but the DICOM header says 3 samples per pixel \(Samples per Pixel\)\)$/],
    ['levels-4', levels4, /in the main header, component 0 has 4 decomposition levels \(COD\/COC\), which make 13 sub-bands, but 16 are quantised \(QCD\/QCC\)\)$/],
  ];
  for (const [name, bytes, message] of cases) {
    const file = join(dir, `${name}.dcm`);
    await writeFile(file, bytes);
    await assert.rejects(inspectDicom(file), (err: unknown) => {
      assert.ok(err instanceof AlveoError && err.file === file, String(err));
      assert.match(err.message, /the JPEG 2000 Lossless pixel data cannot be decoded \(the JPEG 2000 data is damaged or truncated: /);
      assert.match(err.message, message);
      return true;
    });
  }
  // Still decoded exactly: a real 16-bit codestream under Bits Stored 12 whose values fit, and one
  // with more decomposition levels (11) than its 1420 x 1416 size has room for, which J2K allows.
  for (const rel of ['small/dx12_mono1_512_j2k_lossless.dcm', 'native/JPEG2KLossless_1s_1f_u_16_16_dx_chest.dcm']) {
    const row = readSamples().find((s) => s.file === join(DICOM_DIR, rel));
    assert.ok(row, `SAMPLES.tsv lists ${rel}`);
    assert.equal((await inspectDicom(row.file)).pixelMd5.slice(0, 12), row.md5_12, rel);
  }
});
