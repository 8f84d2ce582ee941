// Damaged files: real studies truncated and bit-flipped at several places, and a DICOM the test
// writes itself. Each must either decode to a well-formed study or throw an AlveoError naming the
// file: never another exception, never a crash or a hang.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadStudy } from '../../../src-main/engine/studies/load-study';
import { inspectDicom } from '../../../src-main/engine/studies/inspect-dicom';
import { AlveoError } from '../../../src-main/api/errors';
import { chestPhantom, dicomBytes } from '../../fixtures/write-dicom';
import { DICOM_DIR, KERMANY_ORIG, skipUnless } from './shared-data';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-bad-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function mutations(bytes: Buffer): [name: string, data: Buffer][] {
  const out: [string, Buffer][] = [];
  for (const f of [0.02, 0.3, 0.6, 0.95, 0.999]) out.push([`truncated at ${f * 100}%`, bytes.subarray(0, Math.floor(bytes.length * f))]);
  for (const at of [3, 131, 200, 400, Math.floor(bytes.length * 0.5), bytes.length - 64]) {
    const copy = Buffer.from(bytes);
    copy[at] ^= 0x5a;
    copy[at + 1] ^= 0xff;
    out.push([`bytes flipped at ${at}`, copy]);
  }
  return out;
}

let n = 0;
async function survives(original: string, bytes: Buffer, inspect: boolean): Promise<{ decoded: number; refused: number }> {
  const tally = { decoded: 0, refused: 0 };
  for (const [what, data] of mutations(bytes)) {
    const path = join(dir, `m${++n}-${original.replace(/.*\//, '')}`);
    await writeFile(path, data);
    for (const run of inspect ? [loadStudy, inspectDicom] : [loadStudy]) {
      try {
        const result = await run(path);
        if ('values' in result) {
          assert.ok(result.rows > 0 && result.columns > 0, `${original} ${what}`);
          assert.equal(result.values.length, result.rows * result.columns, `${original} ${what}`);
        }
        tally.decoded++;
      } catch (err) {
        assert.ok(err instanceof AlveoError, `${original} ${what}: ${run.name} threw ${err instanceof Error ? err.stack : String(err)}`);
        assert.equal(err.file, path, `${original} ${what}`);
        assert.ok(err.message.length > path.length + 5, err.message);
        tally.refused++;
      }
    }
  }
  return tally;
}

test('a written DICOM, damaged: decodes or fails cleanly', async () => {
  const bytes = dicomBytes({ rows: 96, columns: 80, bitsStored: 12, pixels: chestPhantom(96, 80, 100, 4000), attributes: { Modality: 'CR' } });
  const t = await survives('written.dcm', bytes, true);
  assert.ok(t.refused > 0, 'truncations must be refused');
});

const FILES = [
  'native/CR-MONO1-10-chest_nometa_implicitLE.dcm',
  'small/cr8_mono2_512_explicitLE.dcm',
  'small/cr8_mono2_512_explicitBE_retired.dcm',
  'small/cr8_mono2_512_deflatedLE.dcm',
  'small/cr8_mono2_512_jpeg_baseline.dcm',
  'small/cr8_mono2_512_jpeg_lossless_p14.dcm',
  'small/cr8_mono2_512_jpeg_lossless_sv1.dcm',
  'small/cr8_mono2_512_jpegls_lossless.dcm',
  'small/cr8_mono2_512_j2k_lossless.dcm',
  'small/cr8_mono2_512_rle.dcm',
  'small/dx12_mono1_512_jpeg_extended_12bit.dcm',
  'small/dx16_mono2_512_rle.dcm',
];

const dicomSkip = skipUnless(DICOM_DIR);
for (const rel of FILES) {
  test(`real ${rel}, truncated and bit-flipped: decodes or fails cleanly`, { skip: dicomSkip, timeout: 60_000 }, async () => {
    const t = await survives(rel, await readFile(join(DICOM_DIR, rel)), false);
    assert.ok(t.refused >= 4, `only ${t.refused} of the damaged copies were refused`);
  });
}

test('real Kermany JPEG, truncated and bit-flipped: decodes or fails cleanly', { skip: skipUnless(KERMANY_ORIG) }, async () => {
  const folder = join(KERMANY_ORIG, 'val', 'PNEUMONIA');
  const name = (await readdir(folder)).find((f) => f.endsWith('.jpeg'))!;
  const t = await survives(name, await readFile(join(folder, name)), false);
  assert.ok(t.refused >= 3);
});
