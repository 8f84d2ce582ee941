// The C-FIND requests that list a study's instances (study root, hierarchical): its series, then
// each series' images. Built by hand with the unique keys of the levels above and the one return
// key needed: dcmjs-dimse's factories add other attributes (Modality, a series attribute, at IMAGE
// level), which a strict hierarchical PACS refuses as a non-unique key above the query level.
import type { requests } from 'dcmjs-dimse';
import { dimseLibrary } from './dimse-library';

function findRequest(keys: Record<string, string>): requests.CFindRequest {
  const lib = dimseLibrary();
  const req = new lib.requests.CFindRequest();
  req.setDataset(new lib.Dataset(keys));
  return req;
}

export function seriesFindRequest(studyInstanceUid: string): requests.CFindRequest {
  return findRequest({ QueryRetrieveLevel: 'SERIES', StudyInstanceUID: studyInstanceUid, SeriesInstanceUID: '' });
}

export function imageFindRequest(studyInstanceUid: string, seriesInstanceUid: string): requests.CFindRequest {
  return findRequest({ QueryRetrieveLevel: 'IMAGE', StudyInstanceUID: studyInstanceUid, SeriesInstanceUID: seriesInstanceUid, SOPInstanceUID: '' });
}
