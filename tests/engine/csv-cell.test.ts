// CSV injection (CWE-1236): every CSV Alveo writes goes through csv-cell, so a cell a spreadsheet
// would run as a formula is written with a leading single quote; numbers and plain text unchanged.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ScoreRow } from '../../src-main/api/contract';
import { csvCell, csvText, neutraliseFormula, restoreFormula, UTF8_BOM } from '../../src-main/engine/text/csv-cell';
import { scoreCsv } from '../../src-main/engine/inference/score-csv';
import { worklistCsv } from '../../src-main/engine/worklist/worklist-csv';

test('cells starting with = + - @ tab or CR get a leading quote', () => {
  for (const bad of ['=1+1', '+cmd|/C calc!A0', '-2+3', '@SUM(A1:A2)', '\t=1', '\r=1', '=HYPERLINK("http://x","y")']) {
    assert.equal(neutraliseFormula(bad), `'${bad}`, JSON.stringify(bad));
  }
});

test('plain text and numbers (also negative and exponents) stay as they are', () => {
  for (const fine of ['NORMAL', '0.25', '-0.5', '+1', '1e-7', '-3.2E+4', 'a=b', 'x-ray', '']) {
    assert.equal(neutraliseFormula(fine), fine, JSON.stringify(fine));
  }
});

test('the escape is undone exactly: a value that begins with a quote gets one more', () => {
  assert.equal(neutraliseFormula("'=already"), "''=already");
  assert.equal(neutraliseFormula("'plain"), "''plain");
  for (const v of ['=1+1', '-dash.jpeg', '@eaDir/thumb.jpeg', "'=already", "'plain", "''", 'NORMAL', '-0.5', '', '\t=1']) {
    assert.equal(restoreFormula(neutraliseFormula(v)), v, JSON.stringify(v));
  }
});

test('csvCell neutralises first, then quotes for RFC 4180', () => {
  assert.equal(csvCell('=1,2'), `"'=1,2"`);
  assert.equal(csvCell('@"x"'), `"'@""x"""`);
  assert.equal(csvCell('\t=cmd'), `'\t=cmd`);
  assert.equal(csvCell('plain'), 'plain');
});

test('csvCell quotes a value with whitespace at either edge, so a reader that trims unquoted fields keeps it', () => {
  assert.equal(csvCell(' a'), '" a"');
  assert.equal(csvCell('a '), '"a "');
  assert.equal(csvCell('a\t'), '"a\t"');
  assert.equal(csvCell('a b'), 'a b', 'inner whitespace needs no quotes');
  // A file name with a trailing space, as the score CSV writes it.
  assert.equal(csvText(['file'], [['scan 1.dcm ']]), 'file\n"scan 1.dcm "\n');
});

test('a crafted PatientName and file name in the score and worklist CSVs come out as text', () => {
  const row: ScoreRow = {
    file: '/in/=cmd|calc.dcm'.replace('/in/', ''),
    probability: 0.91,
    label: 'PNEUMONIA',
    threshold: 0.5,
    model: 'default',
    error: null,
    warnings: [],
    attributes: { PatientName: '=HYPERLINK("http://evil","open")', PatientID: '@123', StudyDate: '20240101' },
  };
  const lines = worklistCsv([row], true, { fileName: (f) => f }).trimEnd().split('\n');
  assert.ok(lines[1].startsWith(`'=cmd|calc.dcm,0.91,PNEUMONIA,0.5,default,,,`), lines[1]);
  assert.ok(lines[1].includes(`,"'=HYPERLINK(""http://evil"",""open"")",`), 'PatientName quoted as text');
  assert.ok(lines[1].includes(`,'@123,`), 'PatientID quoted as text');
  for (const f of lines[1].split(',')) assert.doesNotMatch(f.replace(/^"/, ''), /^[=+\-@\t\r]/, 'no cell starts like a formula');
  const score = scoreCsv([row], { attributes: ['PatientName'] }).trimEnd().split('\n');
  assert.ok(score[1].endsWith(`,"'=HYPERLINK(""http://evil"",""open"")"`), score[1]);
});

test('the byte-order mark only when asked for', () => {
  assert.equal(scoreCsv([]).startsWith(UTF8_BOM), false);
  assert.equal(scoreCsv([], { bom: true }).startsWith(`${UTF8_BOM}file,probability`), true);
  assert.equal(worklistCsv([], false, { bom: true, fileName: (f) => f }).charCodeAt(0), 0xfeff);
  assert.equal(csvText(['a'], [['=x']], { bom: true }), `${UTF8_BOM}a\n'=x\n`);
});

test("the decimal-comma style: ';' between cells, quotes only for ';', and a decimal comma in number columns only", async () => {
  const { csvLine, csvNumber, readCsvNumber } = await import('../../src-main/engine/text/csv-cell');
  const style = 'excel-decimal-comma';
  assert.equal(csvLine(['a.png', '0.25', 'x, y', 'p;q', '0.5'], { style, numeric: [false, true, false, false, false] }), 'a.png;0,25;x, y;"p;q";0.5');
  assert.equal(csvCell('1,5', style), '1,5', 'a decimal comma cell is not quoted');
  assert.equal(csvCell('1,5'), '"1,5"', 'the comma style still quotes it');
  for (const [n, written] of [['0.07748375087976456', '0,07748375087976456'], ['-0.5', '-0,5'], ['1e-7', '1e-7'], ['-3.2E+4', '-3,2E+4'], ['12', '12'], ['', ''], ['n/a', 'n/a']]) {
    assert.equal(csvNumber(n, style), written, n);
    assert.equal(csvNumber(n), n, 'other styles keep the point');
    assert.equal(readCsvNumber(written, true), n, `${written} reads back`);
  }
  assert.equal(csvText(['p'], [['0.5']], { style, numeric: () => true }), `${UTF8_BOM}p\n0,5\n`, 'with the byte-order mark');
});

test('the formula defence is the same in the decimal-comma style; a number with a decimal comma is no formula', () => {
  const style = 'excel-decimal-comma';
  assert.equal(csvCell('=1;2', style), `"'=1;2"`);
  assert.equal(csvCell('=SUM(1,2)', style), `'=SUM(1,2)`);
  assert.equal(csvCell('-2+3', style), `'-2+3`);
  assert.equal(csvCell('-0,5', style), '-0,5');
  assert.equal(neutraliseFormula('-1,5'), "'-1,5", 'the comma style does not take 1,5 for a number');
  for (const v of ['-0,5', '=1;2', "'x", '@a;b']) assert.equal(restoreFormula(neutraliseFormula(v, true)), v, v);
});
