// The PACS search table sorts by date and time and shows the accession number: both protocols must
// ask for them and carry them back (DICOMweb did; the DIMSE C-FIND asked but dropped the answers).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openPacsClient } from '../../../src-main/engine/pacs/open-pacs-client';
import { parsePacsNode } from '../../../src-main/engine/pacs/pacs-node';
import { chestPhantom, writeDicom } from '../../fixtures/write-dicom';
import { tempDir } from '../../support/temp-dir';
import { orthancMissing, startOrthanc, type Orthanc } from './support/orthanc';

const skip = orthancMissing();
const STUDY = '1.2.826.0.1.3680043.2.1125.95.1';
let pacs: Orthanc;

before(async () => {
  if (skip) return;
  pacs = await startOrthanc();
  const file = await writeDicom(join(await tempDir('alveo-find-fields-'), 'cr.dcm'), {
    rows: 64,
    columns: 64,
    pixels: chestPhantom(64, 64, 100, 3000),
    bitsStored: 12,
    attributes: { PatientID: 'FIELDS-1', StudyInstanceUID: STUDY, SeriesInstanceUID: `${STUDY}.1`, SOPInstanceUID: `${STUDY}.1.1`, Modality: 'CR', StudyDate: '20261201', StudyTime: '101500', AccessionNumber: 'ACC-4711' },
  });
  const sent = await openPacsClient(parsePacsNode(pacs.dimse)).store([file]);
  assert.ok(sent.every((s) => s.ok), JSON.stringify(sent));
});
after(() => pacs?.stop());

test('DIMSE and DICOMweb searches both return the study time and the accession number', { skip }, async () => {
  const nodes = [parsePacsNode(pacs.dimse), parsePacsNode(pacs.dicomWeb, { username: pacs.user, password: pacs.password })];
  for (const node of nodes) {
    const [study] = await openPacsClient(node).findStudies({ patientId: 'FIELDS-1' });
    assert.equal(study?.studyInstanceUid, STUDY, node.kind);
    assert.equal(study.accessionNumber, 'ACC-4711', node.kind);
    assert.match(study.studyTime ?? '', /^101500/, node.kind);
  }
});
