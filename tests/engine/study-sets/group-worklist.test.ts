// Worklist rows are per image and can be grouped by study: rows carry their StudyInstanceUID,
// grouping keeps a study's images together (ranked by their best image), the CSV follows the view.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import type { ScoreRow } from '../../../src-main/api/contract';
import { DEFAULT_WORKLIST_VIEW, studyKey, worklistView } from '../../../src-main/api/worklist-view';
import { scoreFiles } from '../../../src-main/engine/inference/score-folder';
import { getTf } from '../../../src-main/engine/model/tf-backend';
import { checkArgs } from '../../../src-main/hosts/validate-args';
import { blobModel } from '../inference/support/blob-model';
import { writeChestJpeg, writeStudyImage } from './study-set-files';
import { tfjsRunner } from '../inference/support/tfjs-runtime';

const row = (file: string, probability: number, study?: string): ScoreRow => ({
  file,
  probability,
  label: probability >= 0.5 ? 'PNEUMONIA' : 'NORMAL',
  threshold: 0.5,
  model: 'm',
  error: null,
  warnings: [],
  attributes: study ? { StudyInstanceUID: study } : {},
});

test('group by study: a study ranks by its best image, its other images follow; plain images stand alone', () => {
  const rows = [row('/a1', 0.2, 'A'), row('/b1', 0.7, 'B'), row('/a2', 0.9, 'A'), row('/j', 0.5), row('/b2', 0.1, 'B')];
  const files = (view = DEFAULT_WORKLIST_VIEW) => worklistView(rows, view).map((r) => r.file);
  assert.deepEqual(files(), ['/a2', '/b1', '/j', '/a1', '/b2']);
  assert.deepEqual(files({ ...DEFAULT_WORKLIST_VIEW, groupByStudy: true }), ['/a2', '/a1', '/b1', '/b2', '/j']);
  assert.deepEqual(files({ ...DEFAULT_WORKLIST_VIEW, groupByStudy: true, descending: false }), ['/b2', '/b1', '/a1', '/a2', '/j']);
  assert.equal(studyKey(rows[3]), 'file:/j');
  assert.equal(checkArgs('exportWorklist', [{ jobId: 'j', view: { ...DEFAULT_WORKLIST_VIEW, groupByStudy: true }, includeIdentifiers: false }]), null);
  assert.match(checkArgs('exportWorklist', [{ jobId: 'j', view: { ...DEFAULT_WORKLIST_VIEW, groupByStudy: 'yes' }, includeIdentifiers: false }]) ?? '', /groupByStudy/);
});

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-wl-group-'));
});
after(() => rm(dir, { recursive: true, force: true }));

test('scored rows carry their StudyInstanceUID, so a scored folder groups into its studies', async () => {
  const S = '1.2.826.0.1.3680043.9.12';
  const files = [
    await writeStudyImage(join(dir, 'a-pa.dcm'), { study: `${S}.1`, series: `${S}.1.1`, view: 'PA' }),
    await writeStudyImage(join(dir, 'b-ap.dcm'), { study: `${S}.2`, series: `${S}.2.1`, view: 'AP' }),
    await writeStudyImage(join(dir, 'a-lat.dcm'), { study: `${S}.1`, series: `${S}.1.2`, view: 'LL' }),
    await writeChestJpeg(dir, 'plain.jpg'),
  ];
  const tf = await getTf('wasm');
  const result = await scoreFiles(files, tfjsRunner(tf, blobModel(tf)));
  assert.deepEqual(result.rows.map((r) => r.attributes.StudyInstanceUID ?? null), [`${S}.1`, `${S}.2`, `${S}.1`, null]);
  const grouped = worklistView(result.rows, { ...DEFAULT_WORKLIST_VIEW, sort: 'file', descending: false, groupByStudy: true }).map((r) => basename(r.file));
  assert.deepEqual(grouped, ['a-lat.dcm', 'a-pa.dcm', 'b-ap.dcm', 'plain.jpg']);
  assert.ok(result.rows[2].warnings.some((w) => /lateral view/.test(w)), 'the lateral row carries its warning');
});
