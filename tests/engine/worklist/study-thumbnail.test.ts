import assert from 'node:assert/strict';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { AlveoError } from '../../../src-main/api/errors';
import { ThumbnailMaker } from '../../../src-main/engine/worklist/study-thumbnail';
import { chestPhantom, writeDicom } from '../../fixtures/write-dicom';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-thumb-'));
});
after(() => rm(dir, { recursive: true, force: true }));

async function gray(data: Uint8Array): Promise<{ width: number; height: number; px: Buffer }> {
  const { data: px, info } = await sharp(data).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, px };
}

/** Mean of a thumbnail column band, as a fraction of the width. */
function band(t: { width: number; height: number; px: Buffer }, x0: number, x1: number): number {
  let s = 0;
  let n = 0;
  for (let y = Math.floor(t.height * 0.3); y < t.height * 0.6; y++) {
    for (let x = Math.floor(t.width * x0); x < t.width * x1; x++) {
      s += t.px[y * t.width + x];
      n++;
    }
  }
  return s / n;
}

test('a DICOM thumbnail keeps the aspect ratio and shows what the viewer shows (MONOCHROME1 inverted)', async () => {
  const spec = { rows: 120, columns: 240, bitsAllocated: 16 as const, bitsStored: 12, pixels: chestPhantom(120, 240, 200, 3800), window: { center: 2000, width: 4000 } };
  const mono2 = await writeDicom(join(dir, 'mono2.dcm'), { ...spec, photometricInterpretation: 'MONOCHROME2' });
  const maker = new ThumbnailMaker();
  const t = await maker.thumbnail(mono2, 96);
  assert.equal(t.mime, 'image/jpeg');
  assert.deepEqual([t.width, t.height, t.rows, t.columns], [96, 48, 120, 240]);
  const g = await gray(t.data);
  assert.deepEqual([g.width, g.height], [96, 48]);
  // Spine (bright in MONOCHROME2) vs lung field (dark).
  assert.ok(band(g, 0.46, 0.54) > band(g, 0.2, 0.35) + 80, 'spine brighter than lung');
  // Same pixels, MONOCHROME1 phantom: low values display bright, so the lungs come out bright.
  const inverted = spec.pixels.map((v) => 4000 - v);
  const mono1 = await writeDicom(join(dir, 'mono1.dcm'), { ...spec, pixels: inverted, photometricInterpretation: 'MONOCHROME1' });
  const g1 = await gray((await maker.thumbnail(mono1, 96)).data);
  assert.ok(band(g1, 0.46, 0.54) > band(g1, 0.2, 0.35) + 80, 'MONOCHROME1 shown with the same polarity');
});

test('answers are reused for the same file version and remade when the file changes', async () => {
  const file = await writeDicom(join(dir, 'c.dcm'), { rows: 64, columns: 64, pixels: chestPhantom(64, 64, 0, 255), bitsAllocated: 8 });
  const maker = new ThumbnailMaker();
  const a = await maker.thumbnail(file, 32);
  assert.equal(await maker.thumbnail(file, 32), a);
  assert.notEqual(await maker.thumbnail(file, 48), a);
  await utimes(file, new Date(), new Date(Date.now() + 5000));
  assert.notEqual(await maker.thumbnail(file, 32), a);
});

test('unreadable files and odd sizes are refused in plain words', async () => {
  const maker = new ThumbnailMaker();
  const text = join(dir, 'notes.jpg');
  await writeFile(text, 'this is not an image');
  await assert.rejects(maker.thumbnail(text), (e: unknown) => e instanceof AlveoError && e.code === 'NOT_AN_IMAGE');
  await assert.rejects(maker.thumbnail(join(dir, 'missing.dcm')), (e: unknown) => e instanceof AlveoError && e.code === 'NOT_FOUND');
  await assert.rejects(maker.thumbnail(text, 4096), (e: unknown) => e instanceof AlveoError && e.code === 'BAD_ARGUMENT');
});

test('a colour image keeps its colours in the thumbnail (a grey one stays grey)', async () => {
  const w = 120;
  const h = 80;
  const px = Buffer.alloc(w * h * 3);
  for (let i = 0; i < w * h; i++) px.set(i % w < w / 2 ? [200, 30, 30] : [30, 30, 200], 3 * i);
  const file = join(dir, 'colour.png');
  await sharp(px, { raw: { width: w, height: h, channels: 3 } }).png().toFile(file);
  const t = await new ThumbnailMaker().thumbnail(file, 64);
  const { data, info } = await sharp(t.data).raw().toBuffer({ resolveWithObject: true });
  assert.equal(info.channels, 3);
  const at = (x: number) => [...data.subarray(3 * (Math.floor(info.height / 2) * info.width + x), 3 * (Math.floor(info.height / 2) * info.width + x) + 3)];
  const [r1, g1, b1] = at(5);
  const [r2, g2, b2] = at(info.width - 6);
  assert.ok(r1 > 150 && g1 < 80 && b1 < 80, `left is red: ${[r1, g1, b1]}`);
  assert.ok(b2 > 150 && r2 < 80 && g2 < 80, `right is blue: ${[r2, g2, b2]}`);
});

test('a thumbnail of non-square pixels shows them in their shape (Pixel Aspect Ratio 2:1: 240 x 60 pixels look 240 x 120)', async () => {
  const file = await writeDicom(join(dir, 'aspect.dcm'), {
    rows: 60,
    columns: 240,
    bitsStored: 12,
    pixels: chestPhantom(60, 240, 200, 3800),
    elements: [[0x00280034, 'IS', '2\\1']],
  });
  const t = await new ThumbnailMaker().thumbnail(file, 96);
  assert.deepEqual([t.width, t.height], [96, 48]);
});
