// JPEG Extended 12-bit and JPEG Lossless go through one decoder (dcmjs-codecs' IJG build). The
// lossy 12-bit file has no lossless twin to compare against, so it is held to GDCM's own decode:
// the same stored samples, byte for byte (md5 in shared/data's SAMPLES.tsv).
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { inspectDicom } from '../../../src-main/engine/studies/inspect-dicom';
import { loadStudy } from '../../../src-main/engine/studies/load-study';
import { DICOM_DIR, readSamples, skipUnless } from './shared-data';
import { tempDir } from '../../support/temp-dir';

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

// libjpeg fills in what it lost from a damaged stream (gray or smeared blocks) and only warns; such
// a file is refused with libjpeg's words, as libjpeg-turbo (baseline) and sharp (JPEG files) refuse theirs.
const damaged = ['small/dx12_mono1_512_jpeg_extended_12bit.dcm', 'small/cr8_mono2_512_jpeg_lossless_p14.dcm'];
for (const rel of damaged) {
  test(`${rel} with the last third of its JPEG stream zeroed is refused as damaged, naming libjpeg's warning`, { skip }, async () => {
    const bytes = Buffer.from(await readFile(join(DICOM_DIR, rel)));
    const soi = bytes.indexOf(Buffer.from([0xff, 0xd8, 0xff]));
    bytes.fill(0, soi + Math.floor(((bytes.length - soi) * 2) / 3), bytes.length - 12);
    const dir = await tempDir('alveo-ijg-damage-');
    const file = join(dir, 'damaged.dcm');
    await writeFile(file, bytes);
    await assert.rejects(loadStudy(file), (err: Error) => {
      assert.match(err.message, /the JPEG stream is damaged \(libjpeg: Corrupt JPEG data: \d+ extraneous bytes before marker 0xd9\)/);
      return true;
    });
    // The intact file still decodes, and libjpeg's messages go back to being off afterwards.
    await loadStudy(join(DICOM_DIR, rel));
  });
}
