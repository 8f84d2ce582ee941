// DICOM files the test writes itself (no shared data needed): pixel values, rescale, windows,
// VOI LUT, polarity, frames, attributes, tags, headerless files and the errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { loadStudy } from '../../../src-main/engine/studies/load-study';
import { inspectDicom } from '../../../src-main/engine/studies/inspect-dicom';
import { displayPixels } from '../../../src-main/engine/studies/display-pixels';
import { chestPhantom, pixelBytes, writeDicom, type DicomSpec } from '../../fixtures/write-dicom';
import { rejectsWithFileError } from '../../support/rejects-with-file-error';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-dicom-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

let n = 0;
function file(spec: DicomSpec): Promise<string> {
  return writeDicom(join(dir, `t${++n}.dcm`), spec);
}

const rejectsWith = (promise: Promise<unknown>, code: string, words: RegExp, path: string): Promise<void> => rejectsWithFileError(promise, path, code, words);

const ramp = (count: number, scale = 1) => Array.from({ length: count }, (_, i) => (i * scale) % 4096);

test('explicit LE 16-bit: values, rescale, header window, attributes and tags', async () => {
  const path = await file({
    rows: 4,
    columns: 5,
    bitsStored: 12,
    pixels: ramp(20, 100),
    rescale: { slope: 2, intercept: -1000 },
    window: { center: 500, width: 2000 },
    attributes: {
      PatientName: 'Doe^Jane',
      PatientID: 'P123',
      PatientAge: '004Y',
      PatientSex: 'F',
      PatientBirthDate: '20200101',
      Modality: 'DX',
      BodyPartExamined: 'CHEST',
      ViewPosition: 'PA',
      StudyInstanceUID: '1.2.3.4',
      SeriesInstanceUID: '1.2.3.4.5',
      StudyDate: '20240102',
      StudyDescription: 'Chest PA',
      SeriesDescription: 'PA',
      InstanceNumber: '7',
      Manufacturer: 'Acme',
      InstitutionName: 'General',
      PixelSpacing: '0.14\\0.14',
    },
  });
  const s = await loadStudy(path);
  assert.equal(s.format, 'dicom');
  assert.deepEqual([s.rows, s.columns, s.frames, s.bitsAllocated, s.bitsStored], [4, 5, 1, 16, 12]);
  assert.equal(s.values[0], -1000);
  assert.equal(s.values[7], 700 * 2 - 1000);
  assert.equal(s.minValue, -1000);
  assert.equal(s.maxValue, 1900 * 2 - 1000);
  assert.deepEqual(s.window, { center: 500, width: 2000 });
  assert.equal(s.windowSource, 'header');
  assert.equal(s.invert, false);
  assert.equal(s.transferSyntaxUid, '1.2.840.10008.1.2.1');
  assert.deepEqual(
    [s.attributes.PatientName, s.attributes.PatientAge, s.attributes.Modality, s.attributes.ViewPosition, s.attributes.InstanceNumber],
    ['Doe^Jane', '004Y', 'DX', 'PA', '7'],
  );
  assert.equal(s.attributes.PixelSpacing, '0.14\\0.14');
  assert.equal(s.attributes.Rows, '4');
  assert.equal(s.attributes.SOPClassUID, '1.2.840.10008.5.1.4.1.1.1');
  assert.equal(s.attributes.StudyInstanceUID, '1.2.3.4');
  const age = s.tags.find((t) => t.tag === '(0010,1010)');
  assert.deepEqual(age, { tag: '(0010,1010)', keyword: 'PatientAge', vr: 'AS', value: '004Y' });
  assert.ok(s.tags.some((t) => t.keyword === 'TransferSyntaxUID' && t.value === '1.2.840.10008.1.2.1'));
  // Window centre 500, width 2000 over values -1000..2800: linear, clipped above 1500.
  const px = displayPixels(s);
  assert.equal(px[0], 0); // -1000 <= low edge
  assert.equal(px[19], 255);
  assert.ok(px[5] > px[4] && px[4] > px[3]);
});

test('inspect: md5 of all frames equals the md5 of the stored bytes written', async () => {
  const spec: DicomSpec = { rows: 6, columns: 7, frames: 3, pixels: ramp(126, 37), attributes: { Modality: 'XA' } };
  const path = await file(spec);
  const info = await inspectDicom(path);
  assert.equal(info.pixelMd5, createHash('md5').update(pixelBytes(spec)).digest('hex'));
  assert.equal(info.frames, 3);
  const s = await loadStudy(path);
  assert.deepEqual(Array.from(s.values), ramp(126, 37).slice(0, 42));
  assert.ok(s.notes.includes('multi-frame (3 frames): frame 1 shown and read'), s.notes.join('; '));
  assert.equal(s.frame, 0);
});

test('multi-frame: any frame can be decoded; one past the last, or a frame of a one-image file, is refused naming the file', async () => {
  const spec: DicomSpec = { rows: 6, columns: 7, frames: 3, pixels: ramp(126, 37), attributes: { Modality: 'XA' } };
  const path = await file(spec);
  for (const k of [1, 2]) {
    const s = await loadStudy(path, { frame: k });
    assert.deepEqual(Array.from(s.values), ramp(126, 37).slice(42 * k, 42 * (k + 1)), `frame ${k + 1}`);
    assert.equal(s.frame, k);
    assert.ok(s.notes.includes(`multi-frame (3 frames): frame ${k + 1} shown and read`), s.notes.join('; '));
  }
  await assert.rejects(loadStudy(path, { frame: 3 }), (err: Error & { file?: string }) => /frame 4 asked for, but the file holds 3 frames/.test(err.message) && err.file === path);
  const single = await file({ rows: 4, columns: 4, pixels: ramp(16, 1) });
  await assert.rejects(loadStudy(single, { frame: 1 }), /frame 2 asked for, but the file holds 1 frame$/);
});

test('RLE, multi-frame, one fragment per frame: exact stored pixels (16 and 8 bit)', async () => {
  for (const bitsAllocated of [16, 8] as const) {
    const pixels = Array.from({ length: 3 * 300 }, (_, i) => (bitsAllocated === 16 ? (i * 977) % 65536 : (i * 31) % 256));
    const spec: DicomSpec = { rows: 15, columns: 20, frames: 3, bitsAllocated, pixels, rle: true };
    const path = await file(spec);
    const info = await inspectDicom(path);
    assert.equal(info.transferSyntaxUid, '1.2.840.10008.1.2.5');
    assert.equal(info.pixelMd5, createHash('md5').update(pixelBytes(spec)).digest('hex'));
    const s = await loadStudy(path);
    assert.deepEqual(Array.from(s.values), pixels.slice(0, 300));
  }
});

test('8-bit without window: full stored range, identity display', async () => {
  const s = await loadStudy(await file({ rows: 16, columns: 16, bitsAllocated: 8, pixels: Array.from({ length: 256 }, (_, i) => i) }));
  assert.equal(s.windowSource, 'full-range');
  assert.deepEqual(Array.from(displayPixels(s)), Array.from({ length: 256 }, (_, i) => i));
});

test('12-bit without window: automatic 1st-99th percentile window', async () => {
  // 10000 pixels: 1% at 0, 98% spread over 1000..1979, 1% at 4095 (outliers that must not set the window).
  const px = Array.from({ length: 10000 }, (_, i) => (i < 100 ? 0 : i >= 9900 ? 4095 : 1000 + (i % 980)));
  const s = await loadStudy(await file({ rows: 100, columns: 100, bitsStored: 12, pixels: px }));
  assert.equal(s.windowSource, 'auto');
  const lo = s.window.center - s.window.width / 2;
  const hi = s.window.center + s.window.width / 2;
  assert.ok(lo >= 990 && lo <= 1020, `low ${lo}`);
  assert.ok(hi >= 1960 && hi <= 1990, `high ${hi}`);
});

test('VOI LUT sequence is applied and wins over the window', async () => {
  const data = Array.from({ length: 256 }, (_, i) => 4095 - i * 16); // decreasing 12-bit LUT
  const s = await loadStudy(
    await file({ rows: 1, columns: 4, pixels: [90, 100, 227, 500], window: { center: 10, width: 10 }, voiLut: { firstValueMapped: 100, bitsPerEntry: 12, data } }),
  );
  assert.equal(s.windowSource, 'voi-lut');
  assert.equal(s.voiLut?.numberOfEntries, 256);
  assert.equal(s.voiLut?.firstValueMapped, 100);
  const px = displayPixels(s);
  assert.deepEqual(Array.from(px), [255, 255, Math.round(((4095 - 127 * 16) * 255) / 4095), Math.round(((4095 - 255 * 16) * 255) / 4095)]);
  // An explicit window from the viewer overrides the LUT.
  assert.deepEqual(Array.from(displayPixels(s, { center: 300, width: 2 })), [0, 0, 0, 255]);
  assert.equal(s.voiLut?.explanation, undefined, 'no LUT Explanation, no name');
  // Its LUT Explanation is the name the viewer shows it by (review 34 F5).
  const named = await loadStudy(await file({ rows: 1, columns: 4, pixels: [90, 100, 227, 500], voiLut: { firstValueMapped: 100, bitsPerEntry: 12, data, explanation: 'SQRT ' } }));
  assert.equal(named.voiLut?.explanation, 'SQRT');
});

test('MONOCHROME1 is inverted for display; the same values as MONOCHROME2 are not', async () => {
  const pixels = chestPhantom(64, 64, 4000, 200); // MONOCHROME1 storage: bone low, lungs high
  const attributes = { Modality: 'CR', BodyPartExamined: 'CHEST', ViewPosition: 'PA' };
  const m1 = await loadStudy(await file({ rows: 64, columns: 64, bitsStored: 12, photometricInterpretation: 'MONOCHROME1', pixels, attributes }));
  assert.equal(m1.invert, true);
  assert.deepEqual(m1.notes, []);
  const shown = displayPixels(m1);
  const spine = shown[32 * 64 + 32];
  const lung = shown[32 * 64 + 16];
  assert.ok(spine > lung + 100, `spine ${spine} lung ${lung}`);
  assert.deepEqual(Array.from(displayPixels(m1, undefined, false)), Array.from(shown, (v) => 255 - v));
});

test('a MONOCHROME1 header over MONOCHROME2 pixels of a frontal chest is overruled, with a note', async () => {
  const pixels = chestPhantom(64, 64, 10, 240); // display-ready: spine bright
  const fake = await loadStudy(
    await file({ rows: 64, columns: 64, bitsAllocated: 8, photometricInterpretation: 'MONOCHROME1', pixels, attributes: { Modality: 'CR', BodyPartExamined: 'CHEST' } }),
  );
  assert.equal(fake.invert, false);
  assert.equal(fake.photometricInterpretation, 'MONOCHROME1');
  assert.ok(fake.notes.some((n) => n.startsWith('header says MONOCHROME1 but the pixels look MONOCHROME2')), fake.notes.join('; '));
  // The same file as a lateral view, or a CT, follows its header.
  const variants: Record<string, string>[] = [{ Modality: 'CR', ViewPosition: 'LL' }, { Modality: 'CT' }, { Modality: 'CR', BodyPartExamined: 'HAND' }];
  for (const attributes of variants) {
    const s = await loadStudy(await file({ rows: 64, columns: 64, bitsAllocated: 8, photometricInterpretation: 'MONOCHROME1', pixels, attributes }));
    assert.equal(s.invert, true, JSON.stringify(attributes));
  }
});

test('signed pixels and bits above High Bit', async () => {
  // 12 bits stored in 16: the top nibble holds junk (an old overlay) and must be masked off.
  const s = await loadStudy(await file({ rows: 1, columns: 3, bitsStored: 12, pixels: [0xf005, 0x1fff, 0x0800] }));
  assert.deepEqual(Array.from(s.values), [5, 4095, 2048]);
  const signed = await loadStudy(await file({ rows: 1, columns: 3, bitsStored: 12, pixelRepresentation: 1, pixels: [0x0fff, 0x0800, 0x07ff] }));
  assert.deepEqual(Array.from(signed.values), [-1, -2048, 2047]);
});

test('RGB DICOM keeps its colours for display; the model reads its luminance; a note says so', async () => {
  const s = await loadStudy(await file({ rows: 1, columns: 2, bitsAllocated: 8, samplesPerPixel: 3, pixels: [255, 0, 0, 10, 10, 10] }));
  assert.deepEqual(Array.from(s.rgb ?? []), [255, 0, 0, 10, 10, 10]);
  assert.ok(Math.abs(s.values[0] - 0.299 * 255) < 1e-3);
  assert.equal(s.values[1], 10);
  assert.deepEqual(s.notes, ['colour image (RGB): the AI reads its grayscale luminance']);
});

test('uncompressed YBR_FULL is shown as RGB (PS3.3 C.7.6.3.1.2), the model reads Y', async () => {
  // Y Cb Cr of pure red (76, 85, 255) and of a grey (10, 128, 128).
  const s = await loadStudy(await file({ rows: 1, columns: 2, bitsAllocated: 8, samplesPerPixel: 3, photometricInterpretation: 'YBR_FULL', pixels: [76, 85, 255, 10, 128, 128] }));
  const rgb = Array.from(s.rgb ?? []);
  assert.ok(rgb[0] >= 253 && rgb[1] <= 2 && rgb[2] <= 2, `red: ${rgb.slice(0, 3).join(',')}`);
  assert.deepEqual(rgb.slice(3), [10, 10, 10]);
  assert.deepEqual(Array.from(s.values), [76, 10]);
});

test('a grayscale DICOM carries no colour pixels', async () => {
  const s = await loadStudy(await file({ rows: 1, columns: 2, pixels: [1, 2] }));
  assert.equal(s.rgb, undefined);
});

test('a file without Part-10 header (implicit VR, ACR-NEMA style) opens', async () => {
  const spec: DicomSpec = { rows: 3, columns: 3, pixels: ramp(9, 11), encoding: 'implicit-nometa', attributes: { Modality: 'CR', PatientAge: '003Y' } };
  const path = await file(spec);
  const s = await loadStudy(path);
  assert.deepEqual(Array.from(s.values), ramp(9, 11));
  assert.equal(s.attributes.PatientAge, '003Y');
  const info = await inspectDicom(path);
  assert.equal(info.hasPart10Header, false);
  assert.equal(info.transferSyntaxUid, '1.2.840.10008.1.2');
  assert.equal(info.pixelMd5, createHash('md5').update(pixelBytes(spec)).digest('hex'));
});

test('text follows the Specific Character Set (UTF-8 names)', async () => {
  const s = await loadStudy(
    await file({ rows: 2, columns: 2, pixels: [1, 2, 3, 4], attributes: { SpecificCharacterSet: 'ISO_IR 192', PatientName: 'Müller^Jürgen', InstitutionName: 'Hôpital Saint-Éloi' } }),
  );
  assert.equal(s.attributes.PatientName, 'Müller^Jürgen');
  assert.equal(s.tags.find((t) => t.keyword === 'InstitutionName')?.value, 'Hôpital Saint-Éloi');
});

test('errors name the file and the cause', async () => {
  const sr = await file({ rows: 0, columns: 0, pixels: null, sopClassUid: '1.2.840.10008.5.1.4.1.1.88.22' });
  await rejectsWith(loadStudy(sr), 'NO_PIXELS', /Structured Report/, sr);
  await rejectsWith(inspectDicom(sr), 'NO_PIXELS', /Structured Report/, sr);
  const jxl = await file({ rows: 2, columns: 2, pixels: [1, 2, 3, 4], transferSyntaxUid: '1.2.840.10008.1.2.4.110' });
  await rejectsWith(loadStudy(jxl), 'UNSUPPORTED', /JPEG XL/, jxl);
  const huge = await file({ rows: 65535, columns: 65535, pixels: [1, 2] });
  await rejectsWith(loadStudy(huge), 'TOO_LARGE', /too large/, huge);
  const short = await file({ rows: 100, columns: 100, pixels: ramp(50) });
  await rejectsWith(loadStudy(short), 'CORRUPT', /truncated/, short);
  const missing = join(dir, 'nope.dcm');
  await rejectsWith(loadStudy(missing), 'NOT_FOUND', /no such file/, missing);
});
