// The whole real DICOM matrix: every lossless file decodes to GDCM's exact stored pixels, every
// lossy one decodes to the same picture as its lossless sibling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspectDicom } from '../../../src-main/engine/studies/inspect-dicom';
import { loadStudy } from '../../../src-main/engine/studies/load-study';
import { displayPixels } from '../../../src-main/engine/studies/display-pixels';
import { DICOM_DIR, readSamples, skipUnless } from './shared-data';

const skip = skipUnless(DICOM_DIR);
const samples = skip ? [] : readSamples();

function correlation(a: Float32Array, b: Float32Array): number {
  let sa = 0, sb = 0;
  for (let i = 0; i < a.length; i++) { sa += a[i]; sb += b[i]; }
  const ma = sa / a.length, mb = sb / b.length;
  let cov = 0, va = 0, vb = 0;
  for (let i = 0; i < a.length; i++) {
    const da = a[i] - ma, db = b[i] - mb;
    cov += da * db; va += da * da; vb += db * db;
  }
  return cov / Math.sqrt(va * vb);
}

test('SAMPLES.tsv lists the matrix', { skip }, () => {
  assert.ok(samples.length >= 39, `expected the 39 shared DICOM files, found ${samples.length}`);
  assert.ok(samples.filter((s) => !s.lossy).length >= 34);
});

for (const s of samples.filter((x) => !x.lossy)) {
  const name = s.file.slice(DICOM_DIR.length + 1);
  test(`lossless ${name}: stored pixels equal GDCM's (md5 ${s.md5_12})`, { skip }, async () => {
    const info = await inspectDicom(s.file);
    assert.equal(info.pixelMd5.slice(0, 12), s.md5_12);
    assert.match(info.pixelMd5, /^[0-9a-f]{32}$/);
    assert.equal(info.transferSyntaxUid, s.transferSyntaxUid);
    assert.equal(info.photometricInterpretation, s.photometric);
    assert.deepEqual([info.rows, info.columns, info.frames], [s.rows, s.columns, s.frames]);
    assert.deepEqual([info.bitsAllocated, info.bitsStored, info.pixelRepresentation], [s.bitsAllocated, s.bitsStored, s.pixelRepresentation]);
  });
}

/** Lossy files and the lossless file holding the same picture. */
const SIBLINGS: [lossy: string, lossless: string][] = [
  ['small/cr8_mono2_512_jpeg_baseline.dcm', 'small/cr8_mono2_512_explicitLE.dcm'],
  ['small/dx12_mono1_512_jpeg_extended_12bit.dcm', 'small/dx12_mono1_512_explicitLE.dcm'],
  ['native/RG1_J2KI_cr_chest_j2k_lossy.dcm', 'native/RG1_JLSN_cr_chest_jpegls_nearlossless.dcm'],
];

for (const [lossy, lossless] of SIBLINGS) {
  test(`lossy ${lossy} decodes to the picture of ${lossless}`, { skip }, async () => {
    const a = await loadStudy(`${DICOM_DIR}/${lossy}`);
    const b = await loadStudy(`${DICOM_DIR}/${lossless}`);
    assert.deepEqual([a.rows, a.columns], [b.rows, b.columns]);
    assert.ok(a.notes.some((n) => n.startsWith('lossy compression')), a.notes.join('; '));
    const r = correlation(a.values, b.values);
    assert.ok(r > 0.995, `correlation ${r}`);
    // Same scale too: the means differ by a few percent of the range at most.
    const mean = (v: Float32Array) => v.reduce((s, x) => s + x, 0) / v.length;
    const shift = Math.abs(mean(a.values) - mean(b.values));
    assert.ok(shift < 0.03 * (b.maxValue - b.minValue), `mean shift ${shift}`);
  });
}

test('lossy JPEG baseline natives decode to a full 8-bit picture', { skip }, async () => {
  for (const f of ['native/siim_nih_cr_chest_jpeg_baseline_8bit.dcm', 'native/Fake_MONOHR1_cr_chest_jpeg_baseline_mono1.dcm']) {
    const s = await loadStudy(`${DICOM_DIR}/${f}`);
    assert.deepEqual([s.rows, s.columns, s.frames], [1024, 1024, 1]);
    assert.ok(s.minValue <= 5 && s.maxValue >= 250, `${f}: ${s.minValue}..${s.maxValue}`);
  }
});

test('attributes and tags come from the real headers', { skip }, async () => {
  const s = await loadStudy(`${DICOM_DIR}/native/CR-MONO1-10-chest_nometa_implicitLE.dcm`);
  assert.equal(s.attributes.Modality, 'CR');
  assert.equal(s.attributes.BodyPartExamined, 'CHEST');
  assert.equal(s.attributes.Rows, '440');
  assert.equal(s.attributes.PhotometricInterpretation, 'MONOCHROME1');
  assert.ok(s.attributes.StudyInstanceUID && s.attributes.SeriesInstanceUID && s.attributes.SOPInstanceUID);
  const rows = s.tags.find((t) => t.tag === '(0028,0010)');
  assert.deepEqual(rows && [rows.keyword, rows.vr, rows.value], ['Rows', 'US', '440']);
  const pixels = s.tags.find((t) => t.keyword === 'PixelData');
  assert.match(pixels?.value ?? '', /pixel data, 387200 bytes/);
});

test('MONOCHROME1 radiographs are shown inverted, MONOCHROME2 not', { skip }, async () => {
  const mono1 = await loadStudy(`${DICOM_DIR}/small/dx12_mono1_512_explicitLE.dcm`);
  const mono2 = await loadStudy(`${DICOM_DIR}/small/cr8_mono2_512_explicitLE.dcm`);
  assert.equal(mono1.invert, true);
  assert.equal(mono2.invert, false);
  const px = displayPixels(mono1);
  const flipped = displayPixels(mono1, undefined, false);
  assert.equal(px[1000], 255 - flipped[1000]);
});

test('Fake_MONOHR1: a MONOCHROME1 header over MONOCHROME2 pixels is shown as MONOCHROME2, with a note', { skip }, async () => {
  const fake = await loadStudy(`${DICOM_DIR}/native/Fake_MONOHR1_cr_chest_jpeg_baseline_mono1.dcm`);
  const real = await loadStudy(`${DICOM_DIR}/native/siim_nih_cr_chest_jpeg_baseline_8bit.dcm`);
  assert.equal(fake.photometricInterpretation, 'MONOCHROME1'); // the header is reported as it is
  assert.equal(fake.invert, false);
  assert.ok(fake.notes.some((n) => n.includes('header says MONOCHROME1 but the pixels look MONOCHROME2')), fake.notes.join('; '));
  assert.deepEqual(displayPixels(fake), displayPixels(real));
});

test('a header window that misses every pixel falls back to an automatic window', { skip }, async () => {
  const s = await loadStudy(`${DICOM_DIR}/native/JPEG2KLossless_1s_1f_u_16_16_dx_chest.dcm`);
  assert.equal(s.windowSource, 'auto');
  assert.ok(s.notes.some((n) => n.startsWith('header window 2725/5310 misses')), s.notes.join('; '));
  const px = displayPixels(s);
  const white = px.reduce((n, v) => n + (v === 255 ? 1 : 0), 0);
  assert.ok(white < 0.05 * px.length, `${white} saturated pixels`);
});
