// alveo pacs send against a real Orthanc: a DICOM cut short (a copy interrupted half-way) is
// refused with the reason and never stored, the intact file of the same call is stored, exit 1.
// alveo pacs get --out writes the instances owner-only (0600): they carry the patient's identity.
import assert from 'node:assert/strict';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DICOM_SMALL, skipUnless } from '../../engine/inference/support/shared-data';
import { orthancMissing, startOrthanc, type Orthanc } from '../../engine/pacs/support/orthanc';
import { tempDir } from '../../support/temp-dir';
import { runCli } from '../support/run-cli';

const SMALL = DICOM_SMALL;
const INTACT = join(SMALL, 'cr8_mono2_512_jpeg_baseline.dcm');
const INTACT_SOP = '1.2.276.0.7230010.3.1.4.8323328.16713.1795413798.666264';
const INTACT_STUDY = '1.2.276.0.7230010.3.1.2.8323329.6904.1517875201.850818';
const TO_CUT = join(SMALL, 'dx12_mono1_512_explicitLE.dcm');
const skip = orthancMissing() || skipUnless(INTACT) || skipUnless(TO_CUT);

let pacs: Orthanc;
let dir: string;

before(async () => {
  if (skip) return;
  dir = await tempDir('alveo-pacs-send-checked-');
  pacs = await startOrthanc();
});
after(async () => {
  if (!skip) await pacs?.stop();
});

async function storedSops(): Promise<string[]> {
  const ids = (await pacs.rest('/instances')) as string[];
  const tags = await Promise.all(ids.map((id) => pacs.rest(`/instances/${id}/simplified-tags`) as Promise<{ SOPInstanceUID: string }>));
  return tags.map((t) => t.SOPInstanceUID);
}

test('pacs send: a cut-short DICOM is refused naming the file and the cause, the intact one is stored, exit 1', { skip }, async () => {
  const cut = join(dir, 'cut.dcm');
  await writeFile(cut, (await readFile(TO_CUT)).subarray(0, 60000));
  const r = await runCli(['pacs', 'send', '--server', pacs.dimse, cut, INTACT], {});
  assert.equal(r.code, 1, r.stdout + r.stderr);
  const out = r.stdout + r.stderr;
  assert.match(out, new RegExp(`${cut.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*cut short.*before the pixel data is complete`), out);
  assert.match(r.stdout, new RegExp(`cr8_mono2_512_jpeg_baseline\\.dcm: stored \\(${INTACT_SOP.replace(/\./g, '\\.')}\\)`));
  assert.deepEqual(await storedSops(), [INTACT_SOP], 'only the intact instance is in the PACS');
});

test('pacs send over DICOMweb: an image cut exactly before its pixel data element (it parses cleanly) is refused, not stored', { skip }, async () => {
  const before = await storedSops();
  const bytes = await readFile(TO_CUT);
  // (7FE0,0010) in explicit VR little endian: the file ends right where the pixel data would start.
  const at = bytes.lastIndexOf(Buffer.from([0xe0, 0x7f, 0x10, 0x00]));
  assert.ok(at > 132, 'the sample has a pixel data element');
  const cut = join(dir, 'no-pixels.dcm');
  await writeFile(cut, bytes.subarray(0, at));
  const web = pacs.dicomWeb.replace('http://', `http://${pacs.user}:${pacs.password}@`);
  const r = await runCli(['pacs', 'send', '--server', web, cut], {});
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout + r.stderr, /no-pixels\.dcm: .*without pixel data: it ends at byte \d+ after element .*may have been cut short/);
  assert.deepEqual(await storedSops(), before, 'nothing more in the PACS');
});

test('pacs get --out: the retrieved instances are owner-only (0600)', { skip: skip || process.platform === 'win32' }, async () => {
  if ((await storedSops()).length === 0) assert.equal((await runCli(['pacs', 'send', '--server', pacs.dimse, INTACT], {})).code, 0);
  const out = join(dir, 'got');
  const r = await runCli(['pacs', 'get', '--server', pacs.dimse, INTACT_STUDY, '--out', out], {});
  assert.equal(r.code, 0, r.stderr);
  const names = await readdir(out);
  assert.deepEqual(names, [`${INTACT_SOP}.dcm`]);
  assert.equal((await stat(join(out, names[0]))).mode & 0o777, 0o600);
});
