// A meta header that names the wrong transfer syntax for its data set (review 45 F11): the error
// says so, instead of blaming some element's length "past the end of the file". Files written here.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { AlveoError } from '../../../src-main/api/errors';
import { loadStudy } from '../../../src-main/engine/studies/load-study';
import { dicomBytes, type DicomSpec } from '../../fixtures/write-dicom';
import { tempDir } from '../../support/temp-dir';

const SPEC: DicomSpec = { rows: 64, columns: 64, pixels: Array.from({ length: 4096 }, (_, i) => i % 4000), attributes: { Modality: 'CR' } };
const metaEnd = (b: Buffer) => 144 + b.readUInt32LE(140);

async function refused(bytes: Buffer, words: RegExp): Promise<void> {
  const path = join(await tempDir('alveo-syntax-'), 'x.dcm');
  await writeFile(path, bytes);
  await assert.rejects(loadStudy(path), (err: unknown) => {
    assert.ok(err instanceof AlveoError, String(err));
    assert.equal(err.code, 'CORRUPT');
    assert.equal(err.file, path);
    assert.match(err.message, words);
    return true;
  });
}

test('explicit VR data labelled Implicit VR Little Endian: the transfer syntax is named as wrong', async () => {
  await refused(dicomBytes({ ...SPEC, transferSyntaxUid: '1.2.840.10008.1.2' }), /names transfer syntax 1\.2\.840\.10008\.1\.2 \(implicit VR little endian\), but the data set is written with explicit VRs: the transfer syntax is wrong$/);
});

test('little endian data labelled Explicit VR Big Endian: the transfer syntax is named as wrong', async () => {
  await refused(dicomBytes({ ...SPEC, transferSyntaxUid: '1.2.840.10008.1.2.2' }), /\(explicit VR big endian\), but the data set is written little endian: the transfer syntax is wrong$/);
});

test('implicit VR data under a meta header naming Explicit VR Little Endian: the transfer syntax is named as wrong', async () => {
  const explicit = dicomBytes(SPEC);
  const implicit = dicomBytes({ ...SPEC, encoding: 'implicit-nometa' });
  await refused(Buffer.concat([explicit.subarray(0, metaEnd(explicit)), implicit]), /\(explicit VR little endian\), but the data set is written with implicit VRs: the transfer syntax is wrong$/);
});

test('a file whose syntax is right but which is cut short is still called cut short', async () => {
  const bytes = dicomBytes({ ...SPEC, transferSyntaxUid: '1.2.840.10008.1.2.1' });
  await refused(bytes.subarray(0, bytes.length - 100), /cut short|truncated/);
});
