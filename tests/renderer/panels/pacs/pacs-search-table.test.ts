// The PACS search table (review: it could not be sorted, and a reload lost the query): newest study
// first by date and time, a click on a column sorts by it and a second click turns it round; the
// dates, modalities and order are kept across a reload, never the patient's name or ID.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memoryLocalStorage } from '../../../support/memory-local-storage';
import type { PacsStudy } from '../../../../src-main/api/contract';
import { keepPacsQuery, readKeptPacsQuery } from '../../../../src-renderer/src/panels/pacs/kept-pacs-query';
import { DEFAULT_STUDY_SORT, nextSort, sortStudies } from '../../../../src-renderer/src/panels/pacs/sort-studies';

const store = memoryLocalStorage();

const study = (uid: string, studyDate: string, studyTime: string | undefined, extra: Partial<PacsStudy> = {}): PacsStudy => ({
  studyInstanceUid: uid,
  patientId: `P${uid}`,
  patientName: `Doe^${uid}`,
  studyDate,
  ...(studyTime ? { studyTime } : {}),
  modalities: ['CR'],
  description: '',
  instances: Number(uid),
  ...extra,
});

test('newest first by date then time; a column click sorts by it, a second turns it round', () => {
  const rows = [study('1', '20250401', '0800'), study('2', '20250402', '0700'), study('3', '20250401', '153000.5'), study('4', '20250401', undefined, { accessionNumber: 'A9' })];
  assert.deepEqual(sortStudies(rows, DEFAULT_STUDY_SORT).map((s) => s.studyInstanceUid), ['2', '3', '1', '4']);
  const byImages = nextSort(DEFAULT_STUDY_SORT, 'images');
  assert.deepEqual(byImages, { key: 'images', descending: true });
  assert.deepEqual(sortStudies(rows, byImages).map((s) => s.studyInstanceUid), ['4', '3', '2', '1']);
  const byAccession = nextSort(DEFAULT_STUDY_SORT, 'accession');
  assert.equal(sortStudies(rows, byAccession).at(-1)?.accessionNumber, 'A9');
  assert.deepEqual(nextSort(DEFAULT_STUDY_SORT, 'date'), { key: 'date', descending: false });
});

test('dates, modalities and order are kept; nothing naming a patient is; damaged storage gives nulls', () => {
  assert.deepEqual(readKeptPacsQuery(), { dateFrom: null, dateTo: null, modalities: null, sort: null });
  keepPacsQuery({ dateFrom: '2026-12-01', dateTo: '2026-12-01', modalities: 'CR,DX', sort: { key: 'name', descending: false } });
  assert.deepEqual(readKeptPacsQuery(), { dateFrom: '2026-12-01', dateTo: '2026-12-01', modalities: 'CR,DX', sort: { key: 'name', descending: false } });
  assert.deepEqual(Object.keys(JSON.parse([...store.values()][0]) as object).sort(), ['dateFrom', 'dateTo', 'modalities', 'sort']);
  store.set('alveo.pacs.query', '{"dateFrom":"yesterday","sort":{"key":"patientName"},"modalities":7}');
  assert.deepEqual(readKeptPacsQuery(), { dateFrom: null, dateTo: null, modalities: null, sort: null });
  store.set('alveo.pacs.query', '{not json');
  assert.deepEqual(readKeptPacsQuery(), { dateFrom: null, dateTo: null, modalities: null, sort: null });
});
