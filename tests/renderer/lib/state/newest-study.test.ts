// Which study of an open set the viewer starts on, and what the strip says of the others: the
// newest dated study (by date, then time), whatever the engine's order; the others carry their
// date, "prior" when older; a set with no date has no newest and no priors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StudySetStudy } from '../../../../src-main/api/contract';
import { newestStudy, otherStudyTag } from '../../../../src-renderer/src/lib/state/newest-study';

function study(uid: string, date: string, time = ''): StudySetStudy {
  const attributes: Record<string, string> = time ? { StudyTime: time } : {};
  return {
    studyUid: uid,
    description: '',
    date,
    series: [{ seriesUid: `${uid}.1`, seriesNumber: 1, description: '', modality: 'DX', images: [{ file: `/s/${uid}.dcm`, format: 'dicom', viewPosition: 'PA', lateral: false, instanceNumber: 1, modality: 'DX', attributes }] }],
  };
}

test('the newest dated study: by date, then by time on one day; undated studies never', () => {
  // The engine's order: oldest first, undated last.
  const set = [study('prior', '20221201', '101010'), study('today-late', '20230601', '143000'), study('today-early', '20230601', '0815'), study('jpeg', '')];
  assert.equal(newestStudy(set), 1, 'the afternoon study of the newest day, even when listed before the morning one');
  assert.equal(newestStudy([study('p', '20221201'), study('a', '20230601', '101010'), study('b', '20230601', '10:10:10.5')]), 1, 'a tie: the first of them, the arrow key reads on to the other');
  assert.equal(newestStudy([study('x', ''), study('y', 'unknown')]), -1);
  assert.equal(newestStudy([]), -1);
});

test('thumbnails of the other studies carry their date, "prior" when older; the newest carries nothing', () => {
  const set = [study('prior', '20221201'), study('same-day', '20230601'), study('newest', '20230601', '1200'), study('jpeg', '')];
  const newest = newestStudy(set);
  assert.equal(newest, 2);
  assert.deepEqual(otherStudyTag(set, newest, 0), { date: '2022-12-01', prior: true, title: 'Prior study, 2022-12-01' });
  assert.deepEqual(otherStudyTag(set, newest, 1), { date: '2023-06-01', prior: false, title: 'Another study, 2023-06-01' });
  assert.equal(otherStudyTag(set, newest, 2), null);
  assert.deepEqual(otherStudyTag(set, newest, 3), { date: '', prior: false, title: 'Another study, undated' });
  // A folder of undated images has no newest study: nothing is marked.
  assert.equal(otherStudyTag([study('a', ''), study('b', '')], -1, 0), null);
});
