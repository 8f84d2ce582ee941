// JPEG and PNG studies, drawn by the test with sharp, plus real Kermany JPEGs when present.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { loadStudy } from '../../../src-main/engine/studies/load-study';
import { displayPixels } from '../../../src-main/engine/studies/display-pixels';
import { AlveoError } from '../../../src-main/api/errors';
import { KERMANY_ORIG, skipUnless } from './shared-data';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-raster-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function gradient(width: number, height: number, channels: 1 | 3 | 4): Buffer {
  const b = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * channels;
      b[i] = (x * 255) / (width - 1);
      if (channels >= 3) {
        b[i + 1] = (y * 255) / (height - 1);
        b[i + 2] = 40;
      }
      if (channels === 4) b[i + 3] = 128;
    }
  }
  return b;
}

async function expectError(path: string, code: string, words: RegExp): Promise<void> {
  await assert.rejects(loadStudy(path), (err: unknown) => {
    assert.ok(err instanceof AlveoError, String(err));
    assert.equal(err.code, code, err.message);
    assert.equal(err.file, path);
    assert.match(err.message, words);
    return true;
  });
}

test('grayscale PNG: exact values, full-range window, identity display', async () => {
  const path = join(dir, 'gray.png');
  await sharp(gradient(64, 32, 1), { raw: { width: 64, height: 32, channels: 1 } }).png().toFile(path);
  const s = await loadStudy(path);
  assert.deepEqual([s.format, s.rows, s.columns, s.frames, s.samplesPerPixel], ['png', 32, 64, 1, 1]);
  assert.equal(s.windowSource, 'full-range');
  assert.equal(s.values[63], 255);
  assert.deepEqual(Array.from(displayPixels(s).subarray(0, 64)), Array.from(gradient(64, 1, 1)));
  assert.deepEqual(s.attributes, {});
  assert.deepEqual(s.tags, []);
});

test('RGB and RGBA PNG become luminance; 16-bit PNG keeps 16 bits', async () => {
  const rgb = join(dir, 'rgb.png');
  await sharp(gradient(16, 16, 3), { raw: { width: 16, height: 16, channels: 3 } }).png().toFile(rgb);
  const s = await loadStudy(rgb);
  const src = gradient(16, 16, 3);
  const i = 5 * 16 + 9;
  assert.ok(Math.abs(s.values[i] - (0.299 * src[3 * i] + 0.587 * src[3 * i + 1] + 0.114 * src[3 * i + 2])) < 1e-3);
  assert.equal(s.photometricInterpretation, 'RGB');
  assert.deepEqual(s.notes, ['colour image (PNG): the AI reads its grayscale luminance']);
  // Kept in colour to show: the file's own RGB, exactly.
  assert.deepEqual(Array.from(s.rgb ?? []), Array.from(src));
  const rgba = join(dir, 'rgba.png');
  await sharp(gradient(16, 16, 4), { raw: { width: 16, height: 16, channels: 4 } }).png().toFile(rgba);
  assert.equal((await loadStudy(rgba)).values.length, 256);
  const deep = join(dir, 'deep.png');
  const words = new Uint16Array([0, 1000, 40000, 65535]);
  await sharp(words, { raw: { width: 2, height: 2, channels: 1 } }).toColourspace('grey16').png().toFile(deep);
  const d = await loadStudy(deep);
  assert.equal(d.bitsStored, 16);
  assert.deepEqual(Array.from(d.values), [0, 1000, 40000, 65535]);
  assert.equal(d.window.width, 65536);
});

test('JPEG: grayscale decodes close to what was drawn', async () => {
  const path = join(dir, 'g.jpg');
  await sharp(gradient(64, 64, 1), { raw: { width: 64, height: 64, channels: 1 } }).jpeg({ quality: 95 }).toFile(path);
  const s = await loadStudy(path);
  assert.deepEqual([s.format, s.rows, s.columns], ['jpeg', 64, 64]);
  const src = gradient(64, 64, 1);
  let maxErr = 0;
  for (let k = 0; k < src.length; k++) maxErr = Math.max(maxErr, Math.abs(s.values[k] - src[k]));
  assert.ok(maxErr <= 8, `max error ${maxErr}`);
});

test('non-images, other formats, empty, truncated and oversized files give clear errors', async () => {
  const txt = join(dir, 'notes.txt');
  await writeFile(txt, 'just some text, not an image at all\n');
  await expectError(txt, 'NOT_AN_IMAGE', /not a DICOM, JPEG or PNG image/);
  const empty = join(dir, 'empty.png');
  await writeFile(empty, '');
  await expectError(empty, 'NOT_AN_IMAGE', /empty/);
  const gif = join(dir, 'x.gif');
  await sharp(gradient(8, 8, 3), { raw: { width: 8, height: 8, channels: 3 } }).gif().toFile(gif);
  await expectError(gif, 'UNSUPPORTED', /GIF/);
  const png = join(dir, 'cut.png');
  const whole = await sharp(gradient(256, 256, 3), { raw: { width: 256, height: 256, channels: 3 } }).png().toBuffer();
  await writeFile(png, whole.subarray(0, Math.floor(whole.length / 2)));
  await expectError(png, 'CORRUPT', /PNG/);
  const jpg = join(dir, 'cut.jpg');
  const wholeJpg = await sharp(gradient(256, 256, 3), { raw: { width: 256, height: 256, channels: 3 } }).jpeg().toBuffer();
  await writeFile(jpg, wholeJpg.subarray(0, Math.floor(wholeJpg.length / 2)));
  await expectError(jpg, 'CORRUPT', /JPEG/);
  // A PNG whose header claims 20000 x 20000 pixels: refused before any decoding.
  const big = Buffer.from(whole);
  big.writeUInt32BE(20000, 16);
  big.writeUInt32BE(20000, 20);
  big.writeUInt32BE(crc32(big.subarray(12, 29)), 29);
  const bigPath = join(dir, 'big.png');
  await writeFile(bigPath, big);
  await expectError(bigPath, 'TOO_LARGE', /too large/);
  await expectError(dir, 'NOT_AN_IMAGE', /folder/);
});

function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

const kermanySkip = skipUnless(KERMANY_ORIG);
test('real Kermany JPEGs: grayscale, shorter side 256, sane range', { skip: kermanySkip }, async () => {
  for (const cls of ['NORMAL', 'PNEUMONIA']) {
    const folder = join(KERMANY_ORIG, 'val', cls);
    const names = (await readdir(folder)).filter((f) => /\.jpe?g$/i.test(f)).slice(0, 4);
    assert.ok(names.length > 0);
    for (const name of names) {
      const s = await loadStudy(join(folder, name));
      assert.equal(s.format, 'jpeg');
      assert.equal(Math.min(s.rows, s.columns), 256, name);
      assert.equal(s.samplesPerPixel, 1, name);
      assert.equal(s.rgb, undefined, `${name}: a grey radiograph is not kept in colour`);
      assert.equal(s.values.length, s.rows * s.columns);
      assert.ok(s.maxValue - s.minValue > 100, `${name}: ${s.minValue}..${s.maxValue}`);
      assert.equal((await readFile(join(folder, name)))[0], 0xff);
    }
  }
});
