import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergedCsv, mergeScoreParts } from '../../../src-main/engine/inference/merge-score-parts';
import { readScoreCsv } from '../../../src-main/engine/inference/read-score-csv';
import { scoreCsv } from '../../../src-main/engine/inference/score-csv';
import { parseCsv } from './support/parse-csv';

const HEADER = 'file,probability,label,threshold,model,error,warnings,status,notes';
const row = (file: string, model = 'default', p = '0.9') => `${file},${p},PNEUMONIA,0.5,${model},,,ok,`;
const part = (name: string, ...rows: string[]) => readScoreCsv([HEADER, ...rows].join('\n') + '\n', name);

test('merge joins the parts sorted by file, fields unchanged (quotes, commas, newlines)', () => {
  const a = part('part-0.csv', row('/d/b.png'), '"/d/x, y.png",,,,default,"cannot read, ""really""\nat all",,failed,');
  const b = part('part-1.csv', row('/d/a.png', 'default', '0.25'));
  const merged = mergeScoreParts([a, b]);
  assert.equal(merged.model, 'default');
  assert.equal(merged.parts, 2);
  const csv = parseCsv(mergedCsv(merged));
  assert.deepEqual(csv[0], HEADER.split(','));
  assert.deepEqual(csv.map((r) => r[0]).slice(1), ['/d/a.png', '/d/b.png', '/d/x, y.png']);
  assert.equal(csv[1][1], '0.25');
  assert.equal(csv[3][5], 'cannot read, "really"\nat all');
});

test('merge refuses a file that appears twice, naming both places', () => {
  const a = part('part-0.csv', row('/d/a.png'), row('/d/b.png'));
  const b = part('part-1.csv', row('/d/c.png'), row('/d/b.png'));
  assert.throws(() => mergeScoreParts([a, b]), /1 file\(s\) appear more than once: \/d\/b\.png \(part-0\.csv:3 and part-1\.csv:3\)/);
  assert.throws(() => mergeScoreParts([a, a]), /2 file\(s\) appear more than once/);
});

test('merge refuses parts scored with different models, naming each', () => {
  const a = part('part-0.csv', row('/d/a.png', 'default'));
  const b = part('part-1.csv', row('/d/b.png', 'default'), row('/d/c.png', 'finetuned-2'));
  assert.throws(() => mergeScoreParts([a, b]), /2 different models: 'default' \(first at part-0\.csv:2\), 'finetuned-2' \(first at part-1\.csv:3\)/);
});

test('merge refuses parts of one model scored at different thresholds (one with --one-view), naming where', () => {
  const a = part('part-0.csv', row('/d/a.png'), '/d/bad.png,,,,default,cannot read,,failed,');
  const b = part('part-1.csv', row('/d/b.png').replace(',0.5,', ',0.3126,'));
  assert.throws(() => mergeScoreParts([a, b]), /2 different thresholds: 0\.5 \(first at part-0\.csv:2\), 0\.3126 \(first at part-1\.csv:2\)\. They were scored differently \(one with --one-view\?\)/);
  assert.equal(mergeScoreParts([a, part('part-1.csv', row('/d/b.png'))]).rows.length, 3, 'a failed row (no threshold) does not count');
});

test('merge refuses parts with different attribute columns, and CSVs that are not score CSVs', () => {
  const a = part('part-0.csv', row('/d/a.png'));
  const b = readScoreCsv(`${HEADER},PatientID\n${row('/d/b.png')},P1\n`, 'part-1.csv');
  assert.throws(() => mergeScoreParts([a, b]), /part-1\.csv: its attribute columns \(PatientID\) differ from part-0\.csv's \(none\): score every part with the same --columns/);
  assert.throws(() => readScoreCsv('name,score\nx,1\n', 'other.csv'), /other\.csv: not an alveo score CSV/);
  assert.throws(() => readScoreCsv(`${HEADER}\n/d/a.png,0.1\n`, 'short.csv'), /short\.csv: line 2 has 2 fields, the header 9/);
  assert.throws(() => readScoreCsv(`${HEADER}\n"/d/a.png,0.1\n`, 'open.csv'), /open\.csv: unterminated quoted field starting on line 2/);
  assert.throws(() => mergeScoreParts([]), /no part CSV to merge/);
});

const V020 = 'file,probability,label,threshold,model,error,warnings,status';
const NOW = `file,probability,label,threshold,model,error,warnings,status,warning_codes,notes,model_sha256,views,engine,alveo,run_at,age_unknown,guardrail_rules,temperature`;
const nowRow = (file: string, sha = 'c8f4', views = '5', temperature = '1') => `${file},0.9,PNEUMONIA,0.5,default,,,ok,,,${sha},${views},onnxruntime (cpu),0.3.0,2026-12-02T06:00:00.000Z,hold-back,3,${temperature}`;
/** The release before the temperature column. */
const BEFORE_TEMPERATURE = NOW.replace(/,temperature$/, '');

test('a part of an older release (fewer columns) merges with a current one: its missing cells are empty', () => {
  const old = readScoreCsv(`${V020}\n/d/a.png,0.9,PNEUMONIA,0.5,default,,,ok\n`, 'part-0.csv');
  const now = readScoreCsv(`${NOW}\n${nowRow('/d/b.png')}\n`, 'part-1.csv');
  const merged = mergeScoreParts([now, old]);
  assert.deepEqual(merged.header, NOW.split(','));
  assert.deepEqual(merged.rows[0], ['/d/a.png', '0.9', 'PNEUMONIA', '0.5', 'default', '', '', 'ok', '', '', '', '', '', '', '', '', '', '']);
  assert.deepEqual(merged.rows[1].slice(10, 12), ['c8f4', '5']);
});

test('a part of an older release: only its formula escapes are undone (it wrote a name that began with a quote as it was)', () => {
  const old = readScoreCsv(`${V020}\n'-dash.png,0.9,PNEUMONIA,0.5,default,,,ok\n'quoted.png,0.9,PNEUMONIA,0.5,default,,,ok\n`, 'part-0.csv');
  assert.deepEqual(old.rows.map((r) => r.fields[0]), ['-dash.png', "'quoted.png"]);
});

test('merge refuses parts whose weights or views differ, though the model id and threshold agree', () => {
  const a = readScoreCsv(`${NOW}\n${nowRow('/d/a.png')}\n`, 'part-0.csv');
  const otherWeights = readScoreCsv(`${NOW}\n${nowRow('/d/b.png', 'ffff')}\n`, 'part-1.csv');
  assert.throws(() => mergeScoreParts([a, otherWeights]), /the parts differ in model_sha256: c8f4 \(first at part-0\.csv:2\), ffff \(first at part-1\.csv:2\)\. Models of the same id with other weights\?/);
  const oneView = readScoreCsv(`${NOW}\n${nowRow('/d/b.png', 'c8f4', '1')}\n`, 'part-1.csv');
  assert.throws(() => mergeScoreParts([a, oneView]), /the parts differ in views: 5 .*, 1 .*One was scored with --one-view\?/);
});

test('merge refuses parts of one id, weights and threshold whose temperatures differ (two calibrations of one parent); a part from before the column is not compared', () => {
  const a = readScoreCsv(`${NOW}\n${nowRow('/d/a.png', 'c8f4', '5', '0.6041')}\n`, 'part-0.csv');
  const otherSite = readScoreCsv(`${NOW}\n${nowRow('/d/b.png', 'c8f4', '5', '0.8312')}\n`, 'part-1.csv');
  assert.throws(() => mergeScoreParts([a, otherSite]), /the parts differ in temperature: 0\.6041 \(first at part-0\.csv:2\), 0\.8312 \(first at part-1\.csv:2\)\. Models of the same id calibrated differently/);
  const older = readScoreCsv(`${BEFORE_TEMPERATURE}\n${nowRow('/d/c.png').replace(/,1$/, '')}\n`, 'part-2.csv');
  const merged = mergeScoreParts([a, older]);
  assert.deepEqual(merged.header, NOW.split(','));
  assert.deepEqual(merged.rows.map((r) => r[merged.header.indexOf('temperature')]), ['0.6041', ''], "the older part's temperature is unknown: empty");
});

test('file names a spreadsheet would run (- + = @, a NAS @eaDir) are read back as on the disk, so coverage holds and the merge writes them escaped once', () => {
  const files = ['/x/-dash.png', '/x/@eaDir/thumb.png', "/x/'quoted.png", '/x/plain.png'];
  const written = scoreCsv(
    files.map((f) => ({ file: f.replace('/x/', ''), probability: 0.5, label: 'PNEUMONIA' as const, threshold: 0.5, model: 'default', error: null, warnings: [], attributes: {} })),
  );
  assert.match(written, /\n'-dash\.png,/);
  const merged = mergeScoreParts([readScoreCsv(written, 'part-0.csv')], { folder: '/x', files });
  assert.deepEqual(merged.rows.map((r) => r[0]), ["'quoted.png", '-dash.png', '@eaDir/thumb.png', 'plain.png']);
  assert.equal(mergedCsv(merged), written.split('\n').slice(0, 1).concat(["''quoted.png", "'-dash.png", "'@eaDir/thumb.png", 'plain.png'].map((f) => `${f},0.5,PNEUMONIA,0.5,default,,,ok,,,,,,,,,,`)).join('\n') + '\n');
});

test('merge with the folder names images no part holds and rows of other folders; mounts may differ', () => {
  const files = ['/data/x/NORMAL/a.jpeg', '/data/x/NORMAL/b.jpeg', '/data/x/PNEUMONIA/c.jpeg'];
  // Scored on two machines that mounted the archive at different places.
  const a = part('part-0.csv', row('/mnt/archive/NORMAL/a.jpeg'));
  const b = part('part-1.csv', row('/scratch/x/PNEUMONIA/c.jpeg'));
  assert.throws(() => mergeScoreParts([a, b], { folder: '/data/x', files }), /1 image\(s\) of \/data\/x are in no part: \/data\/x\/NORMAL\/b\.jpeg/);
  const c = part('part-2.csv', row('/scratch/x/NORMAL/b.jpeg'), row('/scratch/y/other.jpeg'));
  assert.throws(() => mergeScoreParts([a, b, c], { folder: '/data/x', files }), /1 row\(s\) name files not in \/data\/x: \/scratch\/y\/other\.jpeg/);
  const ok = part('part-2.csv', row('/scratch/x/NORMAL/b.jpeg'));
  assert.equal(mergeScoreParts([a, b, ok], { folder: '/data/x', files }).rows.length, 3);
});
