// The C-GET / C-MOVE requests of a retrieve: the whole study, or listed instances at IMAGE level,
// one request per series and batch of SOP Instance UIDs (List of UID Matching, PS3.4 C.4.2.2.1):
// a study root retrieve below STUDY level must name the series of the instances it asks for.
import type { requests } from 'dcmjs-dimse';
import { dimseLibrary } from './dimse-library';
import type { InstanceRef } from './pacs-client';

/** UIDs per request: far below what a UI element holds (64 KiB), and what PACSs take in practice. */
const UIDS_PER_REQUEST = 100;

function imageIdentifiers(studyInstanceUid: string, instances: InstanceRef[]): Record<string, unknown>[] {
  const bySeries = new Map<string, string[]>();
  for (const { seriesInstanceUid, sopInstanceUid } of instances) bySeries.set(seriesInstanceUid, [...(bySeries.get(seriesInstanceUid) ?? []), sopInstanceUid]);
  const keys: Record<string, unknown>[] = [];
  for (const [series, sops] of bySeries) {
    for (let i = 0; i < sops.length; i += UIDS_PER_REQUEST) {
      const batch = sops.slice(i, i + UIDS_PER_REQUEST);
      keys.push({ QueryRetrieveLevel: 'IMAGE', StudyInstanceUID: studyInstanceUid, SeriesInstanceUID: series, SOPInstanceUID: batch.length === 1 ? batch[0] : batch });
    }
  }
  return keys;
}

/** C-GET requests for the study, or for the listed instances of it. */
export function getRequests(studyInstanceUid: string, instances?: InstanceRef[]): requests.CGetRequest[] {
  const lib = dimseLibrary();
  if (!instances) return [lib.requests.CGetRequest.createStudyGetRequest(studyInstanceUid)];
  return imageIdentifiers(studyInstanceUid, instances).map((keys) => {
    const req = new lib.requests.CGetRequest();
    req.setDataset(new lib.Dataset(keys));
    return req;
  });
}

/** C-MOVE requests (to `destination`) for the study, or for the listed instances of it. */
export function moveRequests(destination: string, studyInstanceUid: string, instances?: InstanceRef[]): requests.CMoveRequest[] {
  const lib = dimseLibrary();
  if (!instances) return [lib.requests.CMoveRequest.createStudyMoveRequest(destination, studyInstanceUid)];
  return imageIdentifiers(studyInstanceUid, instances).map((keys) => {
    const req = new lib.requests.CMoveRequest();
    req.setDataset(new lib.Dataset(keys));
    req.getCommandDataset().setElement('MoveDestination', destination);
    return req;
  });
}
