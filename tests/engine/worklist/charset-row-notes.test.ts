// A score row's names read under a doubtful character set carry the note the viewer shows (review
// 41 F13, F2, F10): the CSV, the JSON lines and the worklist rows all take `notes` from the row, so
// a spreadsheet user sees that "Müller^Jürgen" of an undeclared file is a Latin-1 guess. A row
// whose names are ASCII, or read as a misspelt term meant, says nothing about the set.
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { before, test } from 'node:test';
import { GUARDRAIL_RULES_VERSION } from '../../../src-main/engine/guardrails/rules-version';
import { modelStamp, ResultCache, resultCacheFile, sha256Bytes } from '../../../src-main/engine/inference/result-cache';
import { scoreFiles } from '../../../src-main/engine/inference/score-folder';
import { scoreCsv } from '../../../src-main/engine/inference/score-csv';
import { getTf } from '../../../src-main/engine/model/tf-backend';
import { chestPhantom, writeDicom } from '../../fixtures/write-dicom';
import { tempDir } from '../../support/temp-dir';
import { blobModel } from '../inference/support/blob-model';
import { parseCsv } from '../inference/support/parse-csv';
import { tfjsRunner } from '../inference/support/tfjs-runtime';

let dir: string;
before(async () => {
  dir = await tempDir('alveo-charset-rows-');
  await mkdir(join(dir, 'model'));
  await writeFile(join(dir, 'model', 'card.json'), '{}');
});

const UNDECLARED = 'the file declares no character set (0008,0005) but its names hold characters beyond ASCII: shown as Latin-1, which may be wrong';
const UNKNOWN = "the file declares character set 'WINDOWS-1251', which is not a DICOM character set: text shown as Latin-1, which may be wrong";
const UTF8 = "the file declares Latin-1 (ISO_IR 100) but its PatientName read as UTF-8: shown as Latin-1 as declared, so a name may show 'Ã¼' where 'ü' was meant";

async function dicom(name: string, attributes: Record<string, string>): Promise<string> {
  return writeDicom(join(dir, name), { rows: 64, columns: 64, bitsAllocated: 16, bitsStored: 12, pixels: chestPhantom(64, 64, 100, 3000), attributes: { PatientAge: '040Y', ...attributes } });
}

test('rows carry the character-set note when their names were read under a doubtful set', async () => {
  const files = [
    await dicom('undeclared.dcm', { PatientName: 'Müller^Jürgen' }), // Latin-1 bytes, no set declared
    await dicom('unknown.dcm', { SpecificCharacterSet: 'WINDOWS-1251', PatientName: 'Smith^John', StudyDescription: '\xd0\xe5\xed\xf2\xe3\xe5\xed' }), // "Рентген" in cp1251
    await dicom('utf8.dcm', { SpecificCharacterSet: 'ISO_IR 100', PatientName: Buffer.from('Müller^Jürgen').toString('latin1') }),
    await dicom('latin1.dcm', { SpecificCharacterSet: 'ISO_IR 100', PatientName: 'Müller^Jürgen' }),
    await dicom('misspelt.dcm', { SpecificCharacterSet: 'ISO_IR144', PatientName: '\xb8\xd2\xd0\xdd\xde\xd2' }), // "Иванов" in ISO 8859-5
    // The guessed text is not in the row (the referring physician is not a row attribute): nothing to say there.
    await writeDicom(join(dir, 'elsewhere.dcm'), { rows: 64, columns: 64, bitsAllocated: 16, bitsStored: 12, pixels: chestPhantom(64, 64, 100, 3000), attributes: { PatientAge: '040Y', PatientName: 'Smith^John' }, elements: [[0x00080090, 'PN', 'M\xfcller']] }),
  ];
  const loaded = blobModel(await getTf('wasm'));
  loaded.entry.dir = join(dir, 'model');
  const { rows } = await scoreFiles(files, tfjsRunner(await getTf('wasm'), loaded));
  const charset = rows.map((r) => (r.notes ?? []).filter((x) => x.includes('character set') || x.includes('UTF-8')));
  assert.deepEqual(
    rows.map((r) => r.error),
    files.map(() => null),
  );
  assert.deepEqual(charset, [[UNDECLARED], [UNKNOWN], [UTF8], [], [], []]);
  assert.equal(rows[4].attributes.PatientName, 'Иванов', 'the misspelt term is read as meant');
  // The CSV's notes column says it.
  const csv = parseCsv(scoreCsv(rows));
  const notes = csv[0].indexOf('notes');
  assert.ok(csv[1][notes].includes(UNDECLARED), csv[1][notes]);
  assert.ok(csv[2][notes].includes(UNKNOWN), csv[2][notes]);
});

test('a cached score made before rows carried these notes is not served: the row is scored again, note and all', async () => {
  const file = await dicom('cached.dcm', { PatientName: 'Müller^Jürgen' });
  const loaded = blobModel(await getTf('wasm'));
  loaded.entry.dir = join(dir, 'model');
  const home = join(dir, 'home');
  // A cache file as the release before wrote it (version 2): the same score, no notes.
  const cacheFile = resultCacheFile(home, 'blob');
  await mkdir(dirname(cacheFile), { recursive: true });
  const stale = { probability: 0.5, label: 'PNEUMONIA', threshold: 0.5, warnings: ['model is untrained: output is meaningless'], attributes: { PatientName: 'Müller^Jürgen' } };
  await writeFile(cacheFile, JSON.stringify({ version: 2, modelId: 'blob', modelStamp: await modelStamp(loaded.entry.dir), ageUnknown: 'hold-back', rules: GUARDRAIL_RULES_VERSION, entries: { [sha256Bytes(await readFile(file))]: stale } }));
  const cache = await ResultCache.open(home, loaded.entry);
  const { rows, fromCache } = await scoreFiles([file], { ...tfjsRunner(await getTf('wasm'), loaded), cache });
  assert.equal(fromCache, 0);
  assert.ok(rows[0].notes?.includes(UNDECLARED), JSON.stringify(rows[0].notes));
  // Scored now, it is served from the cache with its note.
  const again = await scoreFiles([file], { ...tfjsRunner(await getTf('wasm'), loaded), cache: await ResultCache.open(home, loaded.entry) });
  assert.equal(again.fromCache, 1);
  assert.ok(again.rows[0].notes?.includes(UNDECLARED));
});
