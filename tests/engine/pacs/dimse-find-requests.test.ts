// The C-FIND identifiers that list a study's instances carry the unique keys above their level and
// the one UID they list, nothing else: a strict hierarchical PACS refuses a series attribute
// (Modality) in an IMAGE-level query.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { imageFindRequest, seriesFindRequest } from '../../../src-main/engine/pacs/dimse-find-requests';

const STUDY_ROOT_FIND = '1.2.840.10008.5.1.4.1.2.2.1';

test('SERIES level: the study UID, the series UID asked; IMAGE level: study and series UIDs, the SOP Instance UID asked', () => {
  const series = seriesFindRequest('1.2.3');
  assert.deepEqual(series.getDataset()?.getElements(), { QueryRetrieveLevel: 'SERIES', StudyInstanceUID: '1.2.3', SeriesInstanceUID: '' });
  assert.equal(series.getAffectedSopClassUid(), STUDY_ROOT_FIND);
  const image = imageFindRequest('1.2.3', '1.2.3.4');
  assert.deepEqual(image.getDataset()?.getElements(), { QueryRetrieveLevel: 'IMAGE', StudyInstanceUID: '1.2.3', SeriesInstanceUID: '1.2.3.4', SOPInstanceUID: '' });
  assert.equal(image.getAffectedSopClassUid(), STUDY_ROOT_FIND);
});
