// A JPEG-LS stream cut short inside a complete DICOM fragment (review 45 F5): CharLS read past its
// end for seconds (15 s for half a 512 x 512 image) before failing. It is refused up front for
// having no EOI marker; the same stream whole still decodes. Files made here with dcmtk's dcmcjpls.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test } from 'node:test';
import dicomParser from 'dicom-parser';
import { AlveoError } from '../../../src-main/api/errors';
import { loadStudy } from '../../../src-main/engine/studies/load-study';
import { chestPhantom, writeDicom } from '../../fixtures/write-dicom';
import { dcmtkCodecsMissing } from '../../fixtures/colour-dicoms';
import { tempDir } from '../../support/temp-dir';

const run = promisify(execFile);
const SIDE = 256;

/** The file's bytes with its single fragment replaced by `change(fragment)`, its length and the delimiter fixed. */
function withFragment(b: Buffer, change: (fragment: Buffer) => Buffer): Buffer {
  const fr = dicomParser.parseDicom(b).elements.x7fe00010.fragments![0];
  const data = change(b.subarray(fr.position, fr.position + fr.length));
  assert.equal(data.length % 2, 0, 'fragments have even lengths');
  const head = Buffer.from(b.subarray(0, fr.position));
  head.writeUInt32LE(data.length, fr.position - 4);
  return Buffer.concat([head, data, Buffer.from([0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0])]);
}

test('a JPEG-LS frame cut short inside its fragment is refused for its missing EOI; whole, it decodes', { skip: dcmtkCodecsMissing() }, async () => {
  const dir = await tempDir('alveo-jls-cut-');
  const plain = join(dir, 'plain.dcm');
  const pixels = chestPhantom(SIDE, SIDE, 100, 4000);
  await writeDicom(plain, { rows: SIDE, columns: SIDE, bitsStored: 12, pixels, attributes: { Modality: 'CR' } });
  const jls = join(dir, 'jls.dcm');
  await run('dcmcjpls', [plain, jls]);
  const whole = await loadStudy(jls);
  assert.equal(whole.transferSyntaxUid, '1.2.840.10008.1.2.4.80');
  assert.deepEqual(Array.from(whole.values.slice(0, 1000)), pixels.slice(0, 1000));
  const bytes = await readFile(jls);
  for (const fraction of [0.1, 0.5, 0.9]) {
    const cut = join(dir, `cut-${fraction}.dcm`);
    await writeFile(cut, withFragment(bytes, (f) => f.subarray(0, Math.floor(f.length * fraction) & ~1)));
    await assert.rejects(loadStudy(cut), (err: unknown) => {
      assert.ok(err instanceof AlveoError, String(err));
      assert.equal(err.code, 'CORRUPT');
      assert.equal(err.file, cut);
      assert.match(err.message, /the JPEG-LS Lossless pixel data cannot be decoded \(the JPEG-LS data is damaged or truncated: it does not end with an EOI marker \(cut short\)\)$/);
      return true;
    });
  }
  // Padding after EOI (a zero byte to an even length, or more) is no damage.
  const padded = join(dir, 'padded.dcm');
  await writeFile(padded, withFragment(bytes, (f) => Buffer.concat([f, Buffer.alloc(4)])));
  assert.equal((await loadStudy(padded)).columns, SIDE);
});
