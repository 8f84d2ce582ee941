import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ScoreRow } from '../../../src-main/api/contract';
import { csvField, scoreCsv, SCORE_CSV_COLUMNS } from '../../../src-main/engine/inference/score-csv';

const ok: ScoreRow = { file: '/d/a.dcm', probability: 0.25, label: 'NORMAL', threshold: 0.5, model: 'm1', error: null, warnings: [], attributes: { PatientAge: '003Y' } };
const bad: ScoreRow = { file: '/d/b, "odd".jpg', probability: null, label: null, threshold: null, model: 'm1', error: 'not an image: no JPEG start marker', warnings: [], attributes: {} };
const warned: ScoreRow = { ...ok, file: '/d/c.png', probability: 0.9, label: 'PNEUMONIA', warnings: ['model is untrained: output is meaningless', 'view is lateral'], warningCodes: ['untrained', 'view'] };

const ADDED = 'warning_codes,notes,model_sha256,views,engine,alveo,run_at,age_unknown,guardrail_rules,temperature';
// The eight provenance cells, each after its comma: empty without a run's provenance.
const NO_PROVENANCE = ',,,,,,,,';
// An empty warning_codes cell, after its comma.
const NO_CODES = ',';

test('header: the contract (file … status), then notes and the run\'s provenance', () => {
  assert.deepEqual([...SCORE_CSV_COLUMNS], ['file', 'probability', 'label', 'threshold', 'model', 'error', 'warnings', 'status', 'warning_codes', 'notes', 'model_sha256', 'views', 'engine', 'alveo', 'run_at', 'age_unknown', 'guardrail_rules', 'temperature']);
  assert.equal(scoreCsv([]).split('\n')[0], `file,probability,label,threshold,model,error,warnings,status,${ADDED}`);
});

test('every row names what produced it: weights sha256, views, engine, version, time, site policy, rules, temperature', () => {
  const provenance = { modelSha256: 'c8f43a01', views: 5, engine: 'onnxruntime (cpu, 2 threads)', alveo: '0.3.0', runAt: '2026-12-02T06:00:00.000Z', ageUnknown: 'hold-back' as const, guardrailRules: 3, temperature: 0.6041 };
  const lines = scoreCsv([ok, bad], { provenance }).trimEnd().split('\n');
  for (const line of lines.slice(1)) assert.ok(line.endsWith(',c8f43a01,5,"onnxruntime (cpu, 2 threads)",0.3.0,2026-12-02T06:00:00.000Z,hold-back,3,0.6041'), line);
});

test('rows: scored, failed (empty numbers, quoted name), warnings joined; status says which answers the app holds back', () => {
  const lines = scoreCsv([ok, bad, warned]).trimEnd().split('\n');
  assert.equal(lines[1], `/d/a.dcm,0.25,NORMAL,0.5,m1,,,ok${NO_CODES},${NO_PROVENANCE}`);
  assert.equal(lines[2], `"/d/b, ""odd"".jpg",,,,m1,not an image: no JPEG start marker,,failed${NO_CODES},${NO_PROVENANCE}`);
  assert.equal(lines[3], `/d/c.png,0.9,PNEUMONIA,0.5,m1,,model is untrained: output is meaningless; view is lateral,held back,untrained;view,${NO_PROVENANCE}`);
});

test('notes said beside an answer, joined, after status', () => {
  const noted: ScoreRow = { ...ok, file: '/d/e.jpg', notes: ['A JPEG records no patient age or view', 'second'] };
  assert.equal(scoreCsv([noted]).trimEnd().split('\n')[1], `/d/e.jpg,0.25,NORMAL,0.5,m1,,,ok${NO_CODES},A JPEG records no patient age or view; second${NO_PROVENANCE}`);
});

test('attribute columns only when asked for, after warnings', () => {
  const lines = scoreCsv([ok, bad], { attributes: ['PatientAge'] }).trimEnd().split('\n');
  assert.equal(lines[0], `file,probability,label,threshold,model,error,warnings,status,${ADDED},PatientAge`);
  assert.equal(lines[1], `/d/a.dcm,0.25,NORMAL,0.5,m1,,,ok${NO_CODES},${NO_PROVENANCE},003Y`);
  assert.ok(lines[2].endsWith(','));
});

test('csvField quotes only when needed', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a\nb'), '"a\nb"');
  assert.equal(csvField(' lead'), '" lead"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
});
