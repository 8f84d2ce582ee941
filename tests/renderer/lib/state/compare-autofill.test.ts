// What the comparison pane does by itself. Above all: a worklist row whose header is out of date
// (the file replaced on disk by another patient's) is filled in once, found to be another
// patient's, emptied, and never filled in again beside the same image: no endless open/close loop
// running inference each time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareCandidates, type CompareCandidate } from '../../../../src-renderer/src/lib/state/compare-candidates';
import { compareStep, type CompareNow } from '../../../../src-renderer/src/lib/state/compare-autofill';
import { compareSources } from '../../../../src-renderer/src/lib/state/compare-sources';
import type { ScoreRow } from '../../../../src-main/api/contract';

type Attrs = Record<string, string>;
const P1 = { PatientID: 'P1', PatientName: 'DOE^JANE' };
const P2 = { PatientID: 'P2', PatientName: 'KIM^SOO' };
const row = (file: string, attributes: Attrs): ScoreRow => ({ file, probability: 0.5, label: 'NORMAL', threshold: 0.5, model: 'm', error: null, warnings: [], attributes });
const same = (file: string): CompareCandidate => ({ file, label: file, relation: 'prior', patient: 'same' });

/**
 * The viewer's loop in miniature: CompareState's fill/close/forget as ViewerPane's effect runs
 * them, with each open answered at once by the header on disk. `show(file)` puts an image on
 * screen (the comparison on) and returns the files the pane opened until it settled.
 */
function viewer(disk: Record<string, Attrs>, rows: ScoreRow[]) {
  const known = new Map<string, Attrs>();
  const pane = { shown: null as { file: string; attributes: Attrs } | null, chosenFor: null as string | null, filledFor: null as string | null, filled: [] as string[] };
  return (mainFile: string, limit = 20) => {
    const main = { file: mainFile, attributes: disk[mainFile] };
    known.set(main.file, main.attributes);
    const opened: string[] = [];
    for (let i = 0; i < limit; i++) {
      const candidates = compareCandidates(main, compareSources({ here: main, images: [], rows, recent: [], known, shown: pane.shown }));
      const now: CompareNow = { comparing: true, main, shown: pane.shown, opening: null, error: null, chosenFor: pane.chosenFor, filledFor: pane.filledFor, filled: pane.filled, candidates };
      const step = compareStep(now);
      if (!step.close && !step.fill && !step.forget) return { opened, shown: pane.shown?.file ?? null };
      if (step.close) [pane.shown, pane.chosenFor] = [null, null];
      if (step.forget) [pane.filledFor, pane.filled] = [null, []];
      if (step.fill) {
        pane.chosenFor = null;
        pane.filled = pane.filledFor === main.file ? [...pane.filled, step.fill] : [step.fill];
        pane.filledFor = main.file;
        opened.push(step.fill);
        known.set(step.fill, disk[step.fill]);
        pane.shown = { file: step.fill, attributes: disk[step.fill] };
      }
    }
    assert.fail(`the pane never settles: it opened ${opened.join(', ')}`);
  };
}
const run = (main: string, disk: Record<string, Attrs>, rows: ScoreRow[]) => viewer(disk, rows)(main);

test("a worklist row out of date (another patient's file now) is opened once, emptied, and the real prior shown instead", () => {
  const disk = {
    '/w/now.dcm': { ...P1, StudyInstanceUID: '1', StudyDate: '20261201' },
    '/w/replaced.dcm': { ...P2, StudyInstanceUID: '9', StudyDate: '20261130' },
    '/w/prior.dcm': { ...P1, StudyInstanceUID: '2', StudyDate: '20250101' },
  };
  // The worklist still holds the replaced file's old header: Doe's prior of 2026-11-20.
  const rows = [row('/w/replaced.dcm', { ...P1, StudyInstanceUID: '3', StudyDate: '20261120' }), row('/w/prior.dcm', disk['/w/prior.dcm'])];
  assert.deepEqual(run('/w/now.dcm', disk, rows), { opened: ['/w/replaced.dcm', '/w/prior.dcm'], shown: '/w/prior.dcm' });
  // With no other image of hers, the pane stays empty after the one try.
  assert.deepEqual(run('/w/now.dcm', disk, rows.slice(0, 1)), { opened: ['/w/replaced.dcm'], shown: null });
});

test("back to an image after others, its prior fills the pane again (the memory is of the image on screen)", () => {
  const disk = {
    '/w/doe.dcm': { ...P1, StudyInstanceUID: '1', StudyDate: '20261201' },
    '/w/doe-prior.dcm': { ...P1, StudyInstanceUID: '2', StudyDate: '20250101' },
    '/w/kim.dcm': { ...P2, StudyInstanceUID: '3', StudyDate: '20261201' },
  };
  const show = viewer(disk, Object.entries(disk).map(([f, a]) => row(f, a)));
  assert.deepEqual(show('/w/doe.dcm'), { opened: ['/w/doe-prior.dcm'], shown: '/w/doe-prior.dcm' });
  assert.deepEqual(show('/w/kim.dcm'), { opened: [], shown: null });
  assert.deepEqual(show('/w/doe.dcm'), { opened: ['/w/doe-prior.dcm'], shown: '/w/doe-prior.dcm' });
});

test('beside the same image, a file filled in before is never filled in again, even if still listed as this patient\'s', () => {
  const main = { file: '/m.dcm', attributes: P1 };
  const base: CompareNow = { comparing: true, main, shown: null, opening: null, error: null, chosenFor: null, filledFor: '/m.dcm', filled: ['/a.dcm'], candidates: [same('/a.dcm'), same('/b.dcm')] };
  assert.deepEqual(compareStep(base), { close: false, forget: false, fill: '/b.dcm' });
  assert.deepEqual(compareStep({ ...base, filled: ['/a.dcm', '/b.dcm'] }), { close: false, forget: false, fill: null });
  // Beside another image on screen the memory does not hold.
  assert.deepEqual(compareStep({ ...base, filledFor: '/other.dcm' }), { close: false, forget: true, fill: '/a.dcm' });
  // Shown and found another patient's: emptied, remembered ('keep'), the next one filled in.
  const shown = { file: '/a.dcm', attributes: P2 };
  assert.deepEqual(compareStep({ ...base, shown }), { close: true, forget: false, fill: '/b.dcm' });
});

test('what the pane does otherwise: off forgets, a choice stands, an open for another image is dropped, a failed fill stays', () => {
  const main = { file: '/m.dcm', attributes: P1 };
  const base: CompareNow = { comparing: true, main, shown: null, opening: null, error: null, chosenFor: null, filledFor: null, filled: [], candidates: [same('/a.dcm')] };
  assert.deepEqual(compareStep(base), { close: false, forget: false, fill: '/a.dcm' });
  assert.deepEqual(compareStep({ ...base, comparing: false }), { close: false, forget: false, fill: null });
  assert.deepEqual(compareStep({ ...base, comparing: false, filledFor: '/m.dcm', filled: ['/a.dcm'] }), { close: true, forget: true, fill: null }, 'C again fills afresh');
  assert.deepEqual(compareStep({ ...base, chosenFor: '/m.dcm', shown: { file: '/x.dcm', attributes: P2 } }), { close: false, forget: false, fill: null }, "another patient's image chosen on purpose");
  assert.deepEqual(compareStep({ ...base, chosenFor: '/m.dcm', error: 'Could not open' }), { close: false, forget: false, fill: null }, 'a choice that failed is not replaced');
  assert.deepEqual(compareStep({ ...base, chosenFor: '/earlier.dcm', shown: { file: '/x.dcm', attributes: P2 } }), { close: true, forget: false, fill: '/a.dcm' });
  assert.deepEqual(compareStep({ ...base, opening: '/a.dcm', filledFor: '/m.dcm', filled: ['/a.dcm'] }), { close: false, forget: false, fill: null }, 'on its way');
  assert.deepEqual(compareStep({ ...base, opening: '/x.dcm', filledFor: '/earlier.dcm', filled: ['/x.dcm'] }), { close: true, forget: true, fill: '/a.dcm' });
  assert.deepEqual(compareStep({ ...base, opening: '/x.dcm', chosenFor: '/earlier.dcm', filledFor: '/m.dcm' }), { close: true, forget: false, fill: '/a.dcm' }, 'a choice for another image');
  assert.deepEqual(compareStep({ ...base, error: 'Could not open', filledFor: '/m.dcm', filled: ['/b.dcm'] }), { close: false, forget: false, fill: null });
  assert.deepEqual(compareStep({ ...base, error: 'Could not open', filledFor: '/earlier.dcm', filled: ['/b.dcm'] }), { close: false, forget: true, fill: '/a.dcm' });
});
