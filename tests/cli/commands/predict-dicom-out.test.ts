// alveo predict --dicom-out: one SR and one Grad-CAM Secondary Capture per DICOM, valid per
// dciodvfy; a PNG is still scored and its line says why no DICOM was written.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { auditLines } from '../../support/audit-lines';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { chestPhantom, writeDicom } from '../../fixtures/write-dicom';
import { dciodvfyErrors, dcmdumpValue, dicomToolsMissing } from '../../engine/pacs/support/dicom-tools';
import { DICOM_SMALL, skipUnless } from '../../engine/inference/support/shared-data';
import { runCli } from '../support/run-cli';

let dir: string;
let env: Record<string, string>;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-cli-dicom-out-'));
  env = { ALVEO_HOME: join(dir, 'home') };
});
after(() => rm(dir, { recursive: true, force: true }));

const lines = (s: string) => s.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

test('predict --dicom-out: SR + SC for a DICOM (valid, in its study); a PNG is scored and skipped with the reason', { skip: dicomToolsMissing() }, async () => {
  const dcm = join(dir, 'study.dcm');
  await writeDicom(dcm, {
    rows: 128,
    columns: 128,
    pixels: chestPhantom(128, 128, 100, 3000),
    bitsStored: 12,
    attributes: { PatientID: 'CLI-1', StudyInstanceUID: '1.2.826.0.1.3680043.2.1125.9.1', SeriesInstanceUID: '1.2.826.0.1.3680043.2.1125.9.2', Modality: 'DX' },
  });
  const png = join(dir, 'plain.png');
  await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 80, g: 80, b: 80 } } }).png().toFile(png);
  const out = join(dir, 'out');
  const r = await runCli(['predict', dcm, png, '--json', '--dicom-out', out], env);
  assert.equal(r.code, 0, r.stderr);
  const [a, b] = lines(r.stdout);
  const written = a.dicom as { sr: string; sc: string };
  assert.ok(written, JSON.stringify(a));
  assert.match(basename(written.sr), /^SR_2\.25\.\d+\.dcm$/);
  assert.match(basename(written.sc), /^SC_2\.25\.\d+\.dcm$/);
  for (const f of [written.sr, written.sc]) {
    assert.deepEqual(await dciodvfyErrors(f), []);
    assert.equal(await dcmdumpValue(f, '0020,000d'), '1.2.826.0.1.3680043.2.1125.9.1');
    assert.equal(await dcmdumpValue(f, '0010,0020'), 'CLI-1');
  }
  assert.equal(b.file, png);
  assert.equal(typeof b.probability, 'number', 'the PNG is still scored');
  assert.match(String(b.dicomSkipped), /DICOM results need a DICOM source/);
  assert.deepEqual((await readdir(out)).sort(), [basename(written.sc), basename(written.sr)].sort());
  // In the audit trail, as the app's "Save as DICOM" is: the source, where, the two files; the PNG wrote none.
  const saved = (await auditLines(env.ALVEO_HOME)).filter((l) => l.action === 'saveResultAsDicom');
  assert.deepEqual(saved.map((l) => [l.source, l.outDir, l.sr, l.sc, l.door]), [[dcm, out, written.sr, written.sc, 'cli']]);
});

test('predict --dicom-out on real DICOMs: two files per image, each valid', { skip: dicomToolsMissing() || skipUnless(DICOM_SMALL) }, async () => {
  const files = ['cr8_mono2_512_jpeg_lossless_sv1.dcm', 'dx12_mono1_512_rle.dcm'].map((f) => join(DICOM_SMALL, f));
  const out = join(dir, 'real');
  const r = await runCli(['predict', ...files, '--json', '--dicom-out', out], env);
  assert.equal(r.code, 0, r.stderr);
  const got = lines(r.stdout);
  assert.equal(got.length, 2);
  for (const o of got) {
    const d = o.dicom as { sr: string; sc: string };
    for (const f of [d.sr, d.sc]) assert.deepEqual(await dciodvfyErrors(f), [], f);
    assert.equal(await dcmdumpValue(d.sr, '0020,000d'), await dcmdumpValue(String(o.file), '0020,000d'));
  }
  assert.equal((await readdir(out)).length, 4);
});
