// The note of what an open left out: Alveo's own earlier results (its SR and Grad-CAM capture, pulled
// back with a study from the PACS) are named as earlier AI results, not "not an image" (review 13 L10).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { filesNotShown } from '../../../../src-renderer/src/lib/state/files-not-shown';

test("Alveo's earlier results are named as such; other skipped files stay 'not an image'", () => {
  const note = filesNotShown({
    errors: [],
    skipped: [
      { file: '/cache/study-1/2.25.1.dcm', reason: 'an earlier Alveo AI result (structured report, 2026-12-01), not a patient image' },
      { file: '/cache/study-1/2.25.2.dcm', reason: 'an earlier Alveo AI result (Grad-CAM capture, 2026-12-01), not a patient image' },
      { file: '/cache/study-1/notes.txt', reason: 'a text file' },
    ],
  });
  assert.ok(note);
  assert.equal(
    note.text,
    '3 files not shown: 2.25.1.dcm (an earlier Alveo AI result (structured report, 2026-12-01)), 2.25.2.dcm (an earlier Alveo AI result (Grad-CAM capture, 2026-12-01)), notes.txt (not an image)',
  );
});
