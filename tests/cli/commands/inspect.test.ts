// `alveo inspect FILE --json` as scripts and the GDCM check call it: one JSON object on stdout.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pixelBytes, writeDicom, type DicomSpec } from '../../fixtures/write-dicom';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-inspect-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function alveo(...args: string[]) {
  return spawnSync(process.execPath, [join(root, 'bin/alveo.mjs'), ...args], { encoding: 'utf8', cwd: root });
}

test('inspect --json prints one JSON object with the pixel module and md5; no patient data', async () => {
  const spec: DicomSpec = { rows: 8, columns: 9, frames: 2, bitsStored: 12, pixels: Array.from({ length: 144 }, (_, i) => i * 13), attributes: { PatientName: 'Secret^Person', Modality: 'CR' } };
  const file = await writeDicom(join(dir, 'x.dcm'), spec);
  const r = alveo('inspect', file, '--json');
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 1, r.stdout);
  const info = JSON.parse(lines[0]);
  assert.equal(info.transferSyntaxUid, '1.2.840.10008.1.2.1');
  assert.equal(info.photometricInterpretation, 'MONOCHROME2');
  assert.deepEqual([info.rows, info.columns, info.bitsAllocated, info.bitsStored, info.pixelRepresentation, info.frames], [8, 9, 16, 12, 0, 2]);
  assert.equal(info.pixelMd5, createHash('md5').update(pixelBytes(spec)).digest('hex'));
  assert.ok(!r.stdout.includes('Secret'), 'patient name printed');
  const plain = alveo('inspect', file);
  assert.equal(plain.status, 0);
  assert.match(plain.stdout, /pixelMd5\s+[0-9a-f]{32}/);
});

test('inspect of a non-image says so, in JSON and with a non-zero exit', async () => {
  const r = alveo('inspect', join(root, 'package.json'), '--json');
  assert.equal(r.status, 1);
  const out = JSON.parse(r.stdout);
  assert.equal(out.code, 'NOT_AN_IMAGE');
  assert.match(out.error, /package\.json: not a DICOM, JPEG or PNG image/);
});
