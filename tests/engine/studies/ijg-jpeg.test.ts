// JPEG Extended 12-bit and JPEG Lossless go through one decoder (dcmjs-codecs' IJG build). The
// lossy 12-bit file has no lossless twin to compare against, so it is held to GDCM's own decode:
// the same stored samples, byte for byte (md5 in shared/data's SAMPLES.tsv).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspectDicom } from '../../../src-main/engine/studies/inspect-dicom';
import { DICOM_DIR, readSamples, skipUnless } from './shared-data';

const skip = skipUnless(DICOM_DIR);
const samples = skip ? [] : readSamples().filter((s) => /^1\.2\.840\.10008\.1\.2\.4\.(51|57|70)$/.test(s.transferSyntaxUid));

test('the shared data has 12-bit JPEG Extended and JPEG Lossless files', { skip }, () => {
  assert.ok(samples.some((s) => s.transferSyntaxUid.endsWith('.51') && s.bitsStored === 12));
  assert.ok(samples.filter((s) => !s.transferSyntaxUid.endsWith('.51')).length >= 7);
});

for (const s of samples) {
  test(`${s.file.slice(DICOM_DIR.length + 1)}: stored pixels equal GDCM's (md5 ${s.md5_12})`, { skip }, async () => {
    const info = await inspectDicom(s.file);
    assert.equal(info.pixelMd5.slice(0, 12), s.md5_12);
  });
}
