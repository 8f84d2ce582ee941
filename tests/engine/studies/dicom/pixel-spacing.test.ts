// Spacing sources past Pixel Spacing and Imager Pixel Spacing: Nominal Scanned Pixel Spacing of a
// digitised film (secondary capture), and Pixel Aspect Ratio when no spacing in mm is given, read
// through the real loader from files written here and, where dcmtk is installed, made by img2dcm.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadStudy } from '../../../../src-main/engine/studies/load-study';
import { writeDicom, type DicomSpec } from '../../../fixtures/write-dicom';

const SC_IMAGE = '1.2.840.10008.5.1.4.1.1.7';
const NOMINAL_SCANNED = 0x00182010;
const ASPECT = 0x00280034;
const CONVERSION_TYPE = 0x00080064;

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-spacing-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

let n = 0;
function file(extra: Partial<DicomSpec>): Promise<string> {
  const ramp = Array.from({ length: 48 }, (_, i) => i * 80);
  return writeDicom(join(dir, `s${++n}.dcm`), { rows: 6, columns: 8, bitsStored: 12, pixels: ramp, ...extra });
}
const scanned = (value: string): DicomSpec['elements'] => [
  [CONVERSION_TYPE, 'CS', 'DF'],
  [NOMINAL_SCANNED, 'DS', value],
];

test('Nominal Scanned Pixel Spacing of a digitised film is the spacing, said to be on the film; Pixel and Imager Pixel Spacing still win', async () => {
  const film = await loadStudy(await file({ sopClassUid: SC_IMAGE, elements: scanned('0.25\\0.5') }));
  assert.deepEqual(film.display.spacing, { row: 0.25, column: 0.5, source: 'nominal-scanned-pixel-spacing' });
  const withPs = await loadStudy(await file({ sopClassUid: SC_IMAGE, attributes: { PixelSpacing: '0.2\\0.2' }, elements: scanned('0.25\\0.25') }));
  assert.deepEqual(withPs.display.spacing, { row: 0.2, column: 0.2, source: 'pixel-spacing' });
  const withIps = await loadStudy(await file({ attributes: { ImagerPixelSpacing: '0.15\\0.15' }, elements: scanned('0.25\\0.25') }));
  assert.equal(withIps.display.spacing?.source, 'imager-pixel-spacing');
  // An unusable value is no spacing: lengths stay in pixels rather than in a made-up unit.
  for (const bad of ['0\\0.25', 'abc', '0.25', '-0.25\\0.25']) {
    const study = await loadStudy(await file({ sopClassUid: SC_IMAGE, elements: scanned(bad) }));
    assert.equal(study.display.spacing, undefined, `Nominal Scanned Pixel Spacing ${bad}`);
  }
});

test('Pixel Aspect Ratio other than 1\\1 without any spacing gives the pixel shape in column widths, not mm', async () => {
  const tall = await loadStudy(await file({ elements: [[ASPECT, 'IS', '2\\1']] }));
  assert.deepEqual(tall.display.spacing, { row: 2, column: 1, source: 'pixel-aspect-ratio', aspect: { row: 2, column: 1 } });
  const wide = await loadStudy(await file({ elements: [[ASPECT, 'IS', '3\\4']] }));
  assert.deepEqual(wide.display.spacing, { row: 0.75, column: 1, source: 'pixel-aspect-ratio', aspect: { row: 3, column: 4 } });
  // Square (1\1 or 5\5), unreadable or one-valued ratios: square pixels, as before.
  for (const square of ['1\\1', '5\\5', '0\\1', 'x\\1', '2', '2\\1\\3']) {
    const study = await loadStudy(await file({ elements: [[ASPECT, 'IS', square]] }));
    assert.equal(study.display.spacing, undefined, `Pixel Aspect Ratio ${square}`);
    // A ratio that says no shape is noted (review 43 F2); a square one is not.
    const noted = study.notes.filter((n) => /Pixel Aspect Ratio/.test(n));
    if (square === '1\\1' || square === '5\\5') assert.deepEqual(noted, [], square);
    else assert.deepEqual(noted, [`Pixel Aspect Ratio "${square}" gives no pixel shape: pixels drawn square, lengths in pixels`], square);
  }
  // A spacing in mm already says the pixel's shape (and wins over the ratio).
  const both = await loadStudy(await file({ attributes: { PixelSpacing: '0.3\\0.1' }, elements: [[ASPECT, 'IS', '2\\1']] }));
  assert.deepEqual(both.display.spacing, { row: 0.3, column: 0.1, source: 'pixel-spacing' });
  const film = await loadStudy(await file({ elements: [...(scanned('0.1\\0.1') ?? []), [ASPECT, 'IS', '2\\1']] }));
  assert.equal(film.display.spacing?.source, 'nominal-scanned-pixel-spacing');
});

/** An 8-bit grey BMP (bottom-up rows, a grey palette): what img2dcm turns into a secondary capture. */
function greyBmp(w: number, h: number): Buffer {
  const stride = Math.ceil(w / 4) * 4;
  const offset = 14 + 40 + 1024;
  const out = Buffer.alloc(offset + stride * h);
  out.write('BM', 0, 'latin1');
  out.writeUInt32LE(out.length, 2);
  out.writeUInt32LE(offset, 10);
  out.writeUInt32LE(40, 14);
  out.writeInt32LE(w, 18);
  out.writeInt32LE(h, 22);
  out.writeUInt16LE(1, 26);
  out.writeUInt16LE(8, 28);
  out.writeUInt32LE(stride * h, 34);
  out.writeUInt32LE(256, 46);
  for (let i = 0; i < 256; i++) out.fill(i, 54 + 4 * i, 54 + 4 * i + 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[offset + (h - 1 - y) * stride + x] = (x * 4 + y * 3) % 256;
  return out;
}

function dcmtkMissing(): string | undefined {
  try {
    execFileSync('img2dcm', ['--version'], { stdio: 'ignore' });
    execFileSync('dcmodify', ['--version'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'dcmtk (img2dcm, dcmodify) is not installed: the dcmtk-made secondary captures are not checked';
  }
}

test('secondary captures made by dcmtk: a digitised film with Nominal Scanned Pixel Spacing, a capture with Pixel Aspect Ratio', { skip: dcmtkMissing() ?? false }, async () => {
  const bmp = join(dir, 'film.bmp');
  await writeFile(bmp, greyBmp(60, 40));
  const film = join(dir, 'film.dcm');
  execFileSync('img2dcm', ['-i', 'BMP', bmp, film]);
  execFileSync('dcmodify', ['-nb', '-i', '(0008,0064)=DF', '-i', '(0018,2010)=0.25\\0.5', film]);
  const s = await loadStudy(film);
  assert.equal(s.columns, 60);
  assert.deepEqual(s.display.spacing, { row: 0.25, column: 0.5, source: 'nominal-scanned-pixel-spacing' });

  const capture = join(dir, 'capture.dcm');
  execFileSync('img2dcm', ['-i', 'BMP', bmp, capture]);
  execFileSync('dcmodify', ['-nb', '-i', '(0028,0034)=2\\1', capture]);
  assert.deepEqual((await loadStudy(capture)).display.spacing, { row: 2, column: 1, source: 'pixel-aspect-ratio', aspect: { row: 2, column: 1 } });
});
