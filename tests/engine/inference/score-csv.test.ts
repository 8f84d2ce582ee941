import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ScoreRow } from '../../../src-main/api/contract';
import { csvField, scoreCsv, SCORE_CSV_COLUMNS } from '../../../src-main/engine/inference/score-csv';

const ok: ScoreRow = { file: '/d/a.dcm', probability: 0.25, label: 'NORMAL', threshold: 0.5, model: 'm1', error: null, warnings: [], attributes: { PatientAge: '003Y' } };
const bad: ScoreRow = { file: '/d/b, "odd".jpg', probability: null, label: null, threshold: null, model: 'm1', error: 'not an image: no JPEG start marker', warnings: [], attributes: {} };
const warned: ScoreRow = { ...ok, file: '/d/c.png', probability: 0.9, label: 'PNEUMONIA', warnings: ['model is untrained: output is meaningless', 'view is lateral'] };

test('header is exactly file,probability,label,threshold,model,error then warnings, status and notes', () => {
  assert.deepEqual([...SCORE_CSV_COLUMNS], ['file', 'probability', 'label', 'threshold', 'model', 'error', 'warnings', 'status', 'notes']);
  assert.equal(scoreCsv([]).split('\n')[0], 'file,probability,label,threshold,model,error,warnings,status,notes');
});

test('rows: scored, failed (empty numbers, quoted name), warnings joined; status says which answers the app holds back', () => {
  const lines = scoreCsv([ok, bad, warned]).trimEnd().split('\n');
  assert.equal(lines[1], '/d/a.dcm,0.25,NORMAL,0.5,m1,,,ok,');
  assert.equal(lines[2], '"/d/b, ""odd"".jpg",,,,m1,not an image: no JPEG start marker,,failed,');
  assert.equal(lines[3], '/d/c.png,0.9,PNEUMONIA,0.5,m1,,model is untrained: output is meaningless; view is lateral,held back,');
});

test('notes said beside an answer, joined, after status', () => {
  const noted: ScoreRow = { ...ok, file: '/d/e.jpg', notes: ['A JPEG records no patient age or view', 'second'] };
  assert.equal(scoreCsv([noted]).trimEnd().split('\n')[1], '/d/e.jpg,0.25,NORMAL,0.5,m1,,,ok,A JPEG records no patient age or view; second');
});

test('attribute columns only when asked for, after warnings', () => {
  const lines = scoreCsv([ok, bad], { attributes: ['PatientAge'] }).trimEnd().split('\n');
  assert.equal(lines[0], 'file,probability,label,threshold,model,error,warnings,status,notes,PatientAge');
  assert.equal(lines[1], '/d/a.dcm,0.25,NORMAL,0.5,m1,,,ok,,003Y');
  assert.ok(lines[2].endsWith(','));
});

test('csvField quotes only when needed', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a\nb'), '"a\nb"');
  assert.equal(csvField(' lead'), '" lead"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
});
