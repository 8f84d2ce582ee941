// The reader's name in the SR (review 41 F11): a name given the DICOM way with component groups
// ("Yamada^Tarou=山田^太郎") is written as a PN with its Alphabetic / Ideographic / Phonetic groups,
// not with '=' turned into a space (which made "Tarou 山田" the given name). Each group is cut at 64
// characters (PS3.5 6.2), never inside a surrogate pair. The written file is read back with dcmtk
// (dcmdump, dsrdump) and checked with dciodvfy.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { test } from 'node:test';
import type { NaturalizedDataset } from 'dcmjs';
import type { ResultFacts } from '../../../src-main/engine/pacs/result-facts';
import { structuredReport } from '../../../src-main/engine/pacs/structured-report';
import { readerPersonName } from '../../../src-main/engine/pacs/reader-person-name';
import { writeDicomFile } from '../../../src-main/engine/pacs/dicom-file';
import { tempDir } from '../../support/temp-dir';
import { dciodvfyErrors, dicomToolsMissing, dsrdump } from './support/dicom-tools';
import { SAMPLE_FACTS, sampleSource } from './support/result-fixtures';

const run = promisify(execFile);
const JAPANESE = 'Yamada^Tarou=山田^太郎=やまだ^たろう';

const source = sampleSource({ PatientName: 'Test^Child', PatientID: 'P1', StudyInstanceUID: '1.2.3', StudyDate: '20260101', StudyTime: '120000', ReferringPhysicianName: '', StudyID: '', AccessionNumber: '', PatientBirthDate: '', PatientSex: '' });
const facts = (reader: string): ResultFacts => ({
  ...SAMPLE_FACTS,
  reader: { finding: 'pneumonia', afterAi: false, reader, at: '2026-12-02T10:00:00.000Z', file: '/x.dcm' },
});
const report = (reader: string) => structuredReport({ source, facts: facts(reader), seriesInstanceUid: '1.2.3.9', sopInstanceUid: '1.2.3.9.1', at: new Date(0) });

function items(ds: NaturalizedDataset): NaturalizedDataset[] {
  const children = (ds.ContentSequence as NaturalizedDataset[] | undefined) ?? [];
  return children.flatMap((c) => [c, ...items(c)]);
}
/** The Person Observer Name content item's PN value. */
const observer = (ds: NaturalizedDataset) => items(ds).find((i) => (i.ConceptNameCodeSequence as NaturalizedDataset[])[0].CodeValue === '121008')?.PersonName;

test('a name with component groups keeps them: Alphabetic, Ideographic, Phonetic', () => {
  assert.deepEqual(observer(report(JAPANESE)), [{ Alphabetic: 'Yamada^Tarou', Ideographic: '山田^太郎', Phonetic: 'やまだ^たろう' }]);
  assert.deepEqual(observer(report('Yamada^Tarou=山田^太郎')), [{ Alphabetic: 'Yamada^Tarou', Ideographic: '山田^太郎' }]);
  assert.deepEqual(observer(report('=홍^길동')), [{ Ideographic: '홍^길동' }], 'an ideographic group alone stays ideographic');
  assert.deepEqual(observer(report('Smith^Jane')), [{ Alphabetic: 'Smith^Jane' }]);
});

test("'\\' and a fourth group cannot split the value; five components at most", () => {
  assert.deepEqual(readerPersonName('Smith\\Jane'), { Alphabetic: 'Smith Jane' });
  assert.deepEqual(readerPersonName('a=b=c=d'), { Alphabetic: 'a', Ideographic: 'b', Phonetic: 'c d' });
  assert.deepEqual(readerPersonName('A^B^C^D^E^F'), { Alphabetic: 'A^B^C^D^E F' });
});

test('each group is cut at 64 characters, not 64 UTF-16 units, and never inside a surrogate pair', () => {
  const long = readerPersonName(`${'x'.repeat(70)}=${'𠮷'.repeat(40)}^${'𠀋'.repeat(40)}`);
  assert.equal(long.Alphabetic, 'x'.repeat(64));
  const ideographic = long.Ideographic ?? '';
  assert.equal([...ideographic].length, 64, 'characters counted as code points');
  assert.equal(ideographic, `${'𠮷'.repeat(40)}^${'𠀋'.repeat(23)}`);
  assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(ideographic), 'no lone surrogate');
  // Cut where a pair starts: 63 ASCII then a pair as the 64th and 65th units.
  const edge = readerPersonName(`${'y'.repeat(63)}𠮷z`).Alphabetic ?? '';
  assert.equal(edge, `${'y'.repeat(63)}𠮷`);
});

const tools = dicomToolsMissing();

test('the written SR reads back with the groups (dcmdump, dsrdump) and passes dciodvfy', { skip: tools }, async () => {
  const dir = await tempDir('alveo-sr-reader-');
  const file = join(dir, 'sr.dcm');
  await writeDicomFile(file, report(JAPANESE));
  const dump = (await run('dcmdump', ['+U8', '-q', '+P', '0040,a123', file], { encoding: 'utf8' })).stdout;
  assert.match(dump, /\(0040,a123\) PN \[Yamada\^Tarou=山田\^太郎=やまだ\^たろう\]/, dump);
  const sr = await dsrdump(file);
  assert.ok(sr.includes('Yamada^Tarou=山田^太郎=やまだ^たろう'), sr);
  const errors = await dciodvfyErrors(file);
  assert.deepEqual(
    errors.filter((e) => /Person|PN|0040,a123|Observer/i.test(e)),
    [],
    errors.join('\n'),
  );
});
