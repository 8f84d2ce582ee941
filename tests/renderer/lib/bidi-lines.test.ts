// Lines that join a Hebrew or Arabic name or description with a date, a time or a number (review
// 41 F5): each such part is bidi-isolated, so it cannot pull its neighbours into its run, and the
// time is written as the rest of the app writes it, never in the browser locale's words.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bidiIsolate } from '../../../src-renderer/src/lib/bidi-isolate';
import { localTimestamp } from '../../../src-renderer/src/lib/local-timestamp';
import { candidate, compareCandidates, imageLabel } from '../../../src-renderer/src/lib/state/compare-candidates';

const FSI = '\u2068';
const LRI = '\u2066';
const PDI = '\u2069';

test('bidiIsolate wraps right-to-left text in FSI … PDI and leaves other text as it is', () => {
  assert.equal(bidiIsolate('כהן, שרה'), `${FSI}כהן, שרה${PDI}`);
  assert.equal(bidiIsolate('Cohen, Sarah = כהן, שרה'), `${FSI}Cohen, Sarah = כהן, שרה${PDI}`);
  assert.equal(bidiIsolate('أحمد'), `${FSI}أحمد${PDI}`);
  assert.equal(bidiIsolate('Müller, Jürgen'), 'Müller, Jürgen');
  assert.equal(bidiIsolate('山田 太郎'), '山田 太郎');
  assert.equal(bidiIsolate(''), '');
  // Paths and file names read left to right (folders, extension) whatever their letters.
  assert.equal(bidiIsolate('/data/תל אביב/1.dcm', 'ltr'), `${LRI}/data/תל אביב/1.dcm${PDI}`);
  assert.equal(bidiIsolate('/data/x.dcm', 'ltr'), '/data/x.dcm');
});

test('compare options: a Hebrew patient name and description are isolated from the date beside them', () => {
  const here = { file: '/a/now.dcm', attributes: { PatientID: 'P1', PatientName: 'DOE^JANE', StudyDate: '20260101' } };
  const hebrew = { file: '/a/other.dcm', attributes: { PatientID: 'P9', PatientName: 'כהן^שרה', StudyDate: '20240315', StudyDescription: 'צילום חזה', ViewPosition: 'PA' } };
  const c = candidate(here, hebrew);
  assert.equal(c.relation, 'other patient');
  assert.equal(c.label, `${FSI}כהן, שרה (P9)${PDI} · 2024-03-15 · PA · ${FSI}צילום חזה${PDI}`);
  // A file known by its name only, the name in Hebrew.
  assert.equal(imageLabel({ file: '/a/תמונה 1.png', attributes: {} }), `${LRI}תמונה 1.png${PDI}`);
  // Latin labels are unchanged (what people copy, and what screen readers read).
  assert.equal(imageLabel({ file: '/a/x.dcm', attributes: { StudyDate: '20240315', ViewPosition: 'PA', StudyDescription: 'Thorax' } }), '2024-03-15 · PA · Thorax');
});

test('compare options told apart by a Hebrew file name keep it isolated', () => {
  const here = { file: '/a/now.dcm', attributes: { PatientID: 'P1', PatientName: 'DOE^JANE', StudyInstanceUID: '1.2', StudyDate: '20260101' } };
  const same = { PatientID: 'P1', PatientName: 'DOE^JANE', StudyInstanceUID: '1.2', StudyDate: '20260101', ViewPosition: 'PA' };
  const labels = compareCandidates(here, [
    { file: '/a/צילום 1.dcm', attributes: same },
    { file: '/a/צילום 2.dcm', attributes: same },
  ]).map((c) => c.label);
  assert.deepEqual(labels, [`PA · ${LRI}צילום 1.dcm${PDI}`, `PA · ${LRI}צילום 2.dcm${PDI}`]);
  // One name in two folders: the whole path takes the name's place.
  const paths = compareCandidates(here, [
    { file: '/a/צילום.dcm', attributes: same },
    { file: '/b/צילום.dcm', attributes: same },
  ]).map((c) => c.label);
  assert.deepEqual(paths, [`PA · ${LRI}/a/צילום.dcm${PDI}`, `PA · ${LRI}/b/צילום.dcm${PDI}`]);
});

test('localTimestamp: YYYY-MM-DD HH:MM in local time, whatever the locale', () => {
  const at = new Date(2026, 11, 2, 16, 31, 59);
  assert.equal(localTimestamp(at), '2026-12-02 16:31');
  assert.equal(localTimestamp(at.toISOString()), '2026-12-02 16:31');
  assert.equal(localTimestamp(new Date(2026, 0, 5, 7, 4)), '2026-01-05 07:04');
  assert.equal(localTimestamp('not a time'), 'not a time');
});
