// A PACS that does not know Alveo's calling AE title answers C-ECHO anyway (Orthanc's
// DicomAlwaysAllowEcho), then aborts the association of a search, a retrieve or a store. The error
// must say what to check: that the PACS knows the calling AE title, and that an echo passing proves
// nothing. A real Orthanc that allows echo from anyone and everything else only from its modalities.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openPacsClient } from '../../../src-main/engine/pacs/open-pacs-client';
import { PacsError } from '../../../src-main/engine/pacs/pacs-error';
import { parsePacsNode } from '../../../src-main/engine/pacs/pacs-node';
import { chestPhantom, writeDicom } from '../../fixtures/write-dicom';
import { tempDir } from '../../support/temp-dir';
import { orthancMissing, startOrthanc, type Orthanc } from './support/orthanc';

const skip = orthancMissing();
const HINT = "check that the PACS knows Alveo's AE title 'STRANGER' (with this computer's address) — a C-ECHO may pass without it";
let pacs: Orthanc;
let file: string;

before(async () => {
  if (skip) return;
  pacs = await startOrthanc({ config: { DicomAlwaysAllowEcho: true, DicomAlwaysAllowFind: false, DicomAlwaysAllowStore: false, DicomAlwaysAllowGet: false, DicomAlwaysAllowMove: false } });
  file = await writeDicom(join(await tempDir('alveo-calling-ae-'), 'cr.dcm'), {
    rows: 64,
    columns: 64,
    pixels: chestPhantom(64, 64, 100, 3000),
    bitsStored: 12,
    attributes: { StudyInstanceUID: '1.2.826.0.1.3680043.2.1125.94.1', SeriesInstanceUID: '1.2.826.0.1.3680043.2.1125.94.2', SOPInstanceUID: '1.2.826.0.1.3680043.2.1125.94.3', Modality: 'CR' },
  });
});
after(async () => {
  await pacs?.stop();
});

const withHint = (what: string) => (err: unknown) => {
  assert.ok(err instanceof PacsError, String(err));
  assert.match(err.message, new RegExp(`the association ended before the PACS answered the ${what} \\(the PACS aborted it\\)`), err.message);
  assert.ok(err.message.endsWith(HINT), err.message);
  return true;
};

test('unknown calling AE title: echo passes, then search, retrieve and store fail saying to check the calling AE title', { skip }, async () => {
  const client = openPacsClient(parsePacsNode(pacs.dimse, { callingAe: 'STRANGER', timeoutMs: 10_000 }));
  await client.echo();
  await assert.rejects(client.findStudies({}), withHint('C-FIND'));
  await assert.rejects(client.retrieveInstances('1.2.826.0.1.3680043.2.1125.94.1', [{ seriesInstanceUid: '1.2.826.0.1.3680043.2.1125.94.2', sopInstanceUid: '1.2.826.0.1.3680043.2.1125.94.3' }], async () => {}), withHint('C-GET'));
  const [stored] = await client.store([file]);
  assert.equal(stored.ok, false);
  assert.equal(stored.error, `${file}: the PACS aborted the association before answering for this file: ${HINT}`);
  // Nothing reached the PACS.
  assert.deepEqual(await pacs.rest('/instances'), []);
});
