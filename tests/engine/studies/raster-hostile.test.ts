// Damaged JPEG and PNG files refused in words (review 18, M4 and L2): a JPEG whose entropy data
// stops early but still ends with an EOI marker (libjpeg fills the rest with grey and only warns),
// and a PNG whose header declares a size libspng refuses with a bare "corrupt header:".
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { AlveoError } from '../../../src-main/api/errors';
import { loadStudy } from '../../../src-main/engine/studies/load-study';
import { tempDir } from '../../support/temp-dir';

/** Deterministic noise: its JPEG has entropy data all the way down, so a cut leaves rows without any. */
function noise(width: number, height: number): Buffer {
  const b = Buffer.alloc(width * height);
  let x = 12345;
  for (let i = 0; i < b.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = (x >>> 16) & 0xff;
  }
  return b;
}

async function rejectsWith(path: string, code: string, message: string | RegExp): Promise<void> {
  await assert.rejects(loadStudy(path), (err: unknown) => {
    assert.ok(err instanceof AlveoError, String(err));
    assert.equal(err.code, code, err.message);
    assert.equal(err.file, path);
    if (typeof message === 'string') assert.equal(err.message, `${path}: ${message}`);
    else assert.match(err.message, message);
    assert.doesNotMatch(err.message, /:\s*(\)|$)/, 'no dangling colon');
    return true;
  });
}

test('a JPEG cut short but given its EOI marker back is refused as damaged, not scored over grey fill', async () => {
  const dir = await tempDir('alveo-jpeg-eoi-');
  const whole = await sharp(noise(256, 256), { raw: { width: 256, height: 256, channels: 1 } }).jpeg({ quality: 90 }).toBuffer();
  const good = join(dir, 'whole.jpeg');
  await writeFile(good, whole);
  assert.equal((await loadStudy(good)).columns, 256); // the uncut file still opens
  const cut = join(dir, 'cut60_with_eoi.jpeg');
  await writeFile(cut, Buffer.concat([whole.subarray(0, Math.floor((whole.length * 6) / 10)), Buffer.from([0xff, 0xd9])]));
  await rejectsWith(cut, 'CORRUPT', 'the JPEG file is damaged or truncated (Corrupt JPEG data: premature end of data segment)');
  // Stray bytes before a marker (scanners and exporters write them) lose no pixel: the file opens, the same pixels.
  const sos = whole.indexOf(Buffer.from([0xff, 0xda]));
  const stray = join(dir, 'stray-bytes.jpeg');
  await writeFile(stray, Buffer.concat([whole.subarray(0, sos), Buffer.from([0x00, 0x11, 0x22]), whole.subarray(sos)]));
  const opened = await loadStudy(stray);
  assert.deepEqual([opened.columns, opened.rows], [256, 256]);
  assert.deepEqual(opened.values, (await loadStudy(good)).values);
});

/** A valid small PNG whose IHDR (with a correct CRC) declares `width` x `height`. */
async function pngDeclaring(path: string, width: number, height: number): Promise<string> {
  const png = Buffer.from(await sharp(noise(8, 8), { raw: { width: 8, height: 8, channels: 1 } }).png().toBuffer());
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  await writeFile(path, png);
  return path;
}

test('a PNG whose header declares a size of 2^31 - 1 pixels across, or an invalid one, is refused with what is wrong', async () => {
  const dir = await tempDir('alveo-png-ihdr-');
  await rejectsWith(
    await pngDeclaring(join(dir, 'wide.png'), 2 ** 31 - 1, 1),
    'TOO_LARGE',
    'the image is too large to open (2147483647 x 1 pixels; the limit is 100 megapixels)',
  );
  await rejectsWith(await pngDeclaring(join(dir, 'over.png'), 2 ** 31, 8), 'CORRUPT', 'the PNG header declares an invalid image size (2147483648 x 8 pixels)');
  await rejectsWith(await pngDeclaring(join(dir, 'zero.png'), 0, 8), 'CORRUPT', 'the PNG header declares an invalid image size (0 x 8 pixels)');
  // Cut inside the image data: sharp's own words, still without a dangling colon.
  const cut = join(dir, 'cut.png');
  const png = await sharp(noise(64, 64), { raw: { width: 64, height: 64, channels: 1 } }).png().toBuffer();
  await writeFile(cut, png.subarray(0, 40));
  await rejectsWith(cut, 'CORRUPT', /the PNG file/);
});
