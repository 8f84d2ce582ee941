// The argument rules for the PACS methods (validate-args.ts): every IPC / web call is checked
// before the engine sees it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkArgs } from '../../src-main/hosts/validate-args';

test('well-formed PACS calls pass', () => {
  assert.equal(checkArgs('listPacsNodes', []), null);
  assert.equal(checkArgs('savePacsNode', [{ name: 'PACS', address: 'ORTHANC@pacs:4242', callingAe: 'ALVEO' }]), null);
  assert.equal(checkArgs('savePacsNode', [{ name: 'PACS', address: 'ORTHANC@pacs:4242', movePort: 11112, moveFrom: ['pacs-store-2', '10.1.2.3'] }]), null);
  assert.equal(checkArgs('savePacsNode', [{ id: 'n1', name: 'Web', address: 'https://pacs/dicom-web', username: 'u', password: '' }]), null);
  assert.equal(checkArgs('findPacsStudies', ['n1', { patientId: '123', patientName: 'DOE*', dateFrom: '20240101', dateTo: '20240131', modalities: ['CR', 'DX'], limit: 50 }]), null);
  assert.equal(checkArgs('findPacsStudies', ['n1', { patientName: '' }]), null);
  assert.equal(checkArgs('startPacsRetrieve', [{ nodeId: 'n1', studyInstanceUid: '1.2.840.113619.2.55' }]), null);
  assert.equal(checkArgs('saveResultAsDicom', ['s1', '/out']), null);
  assert.equal(checkArgs('sendResultToPacs', ['s1', 'n1', 'default']), null);
  assert.equal(checkArgs('startDicomResults', [{ files: ['/a.dcm', '/b.png'], outDir: '/out', modelId: 'default' }]), null);
});

test('odd PACS values are refused in plain words', () => {
  assert.match(checkArgs('startPacsRetrieve', [{ nodeId: 'n1', studyInstanceUid: '../../etc' }]) ?? '', /studyInstanceUid must be a DICOM UID/);
  assert.match(checkArgs('findPacsStudies', ['n1', { dateFrom: '2024-01-01' }]) ?? '', /dateFrom must be a date as YYYYMMDD/);
  assert.match(checkArgs('findPacsStudies', ['n1', { sql: 'x' }]) ?? '', /query\.sql is not a known field/);
  assert.match(checkArgs('savePacsNode', [{ name: 'x', address: 'a\u0000b' }]) ?? '', /control characters/);
  assert.match(checkArgs('savePacsNode', [{ name: 'x' }]) ?? '', /node\.address must be a string/);
  assert.match(checkArgs('savePacsNode', [{ name: 'x', address: 'A@h:1', moveFrom: '10.1.2.3' }]) ?? '', /node\.moveFrom must be a list/);
  assert.match(checkArgs('savePacsNode', [{ name: 'x', address: 'A@h:1', moveFrom: Array(17).fill('h') }]) ?? '', /node\.moveFrom/);
  assert.match(checkArgs('echoPacsNode', []) ?? '', /nodeId must be a string/);
  assert.match(checkArgs('startDicomResults', [{ files: [], outDir: '/out' }]) ?? '', /spec\.files must not be empty/);
  assert.match(checkArgs('startDicomResults', [{ files: ['/a.dcm', 7], outDir: '/out' }]) ?? '', /spec\.files\[1\] must be a string/);
  assert.match(checkArgs('startDicomResults', [{ files: ['/a.dcm'] }]) ?? '', /spec\.outDir must be a string/);
});
