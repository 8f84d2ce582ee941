// Patient identity for file names that do not carry it (hospital exports such as NMRN1-0.jpeg):
// patients.csv in the dataset root, one sub-folder per patient, and the honest fallback (one file =
// one patient, said in a note and in the split summary). Datasets are drawn by the test itself.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { importDataset } from '../../../src-main/engine/training/import-dataset';
import { parsePatientsCsv } from '../../../src-main/engine/training/patients-csv';
import { trainingSplit } from '../../../src-main/engine/training/training-split';
import { writeImage } from './support/draw-images';
import { tempDir } from '../../support/temp-dir';

const PATIENTS = 8; // per class, two images each

/** NORMAL/NMRN{p}-{i}.jpeg and PNEUMONIA/PMRN{p}-{i}.jpeg: two different images of each patient. */
async function mrnFolder(): Promise<string> {
  const root = await tempDir('alveo-mrn-');
  let seed = 1;
  for (const [cls, prefix] of [['NORMAL', 'NMRN'], ['PNEUMONIA', 'PMRN']] as const) {
    for (let p = 1; p <= PATIENTS; p++) {
      for (const i of [0, 1]) await writeImage(join(root, cls, `${prefix}${p}-${i}.jpeg`), 'jpeg', 24, seed++, cls === 'PNEUMONIA');
    }
  }
  return root;
}

/** Rows for every image, in several spellings: a path, a bare name, quoted, with a comma in the id. */
function csvRows(): string[] {
  const rows: string[] = [];
  for (let p = 1; p <= PATIENTS; p++) {
    rows.push(`NORMAL/NMRN${p}-0.jpeg,N-${p}`);
    rows.push(`"NMRN${p}-1.jpeg","N-${p}"`); // bare name, quoted
    rows.push(`PNEUMONIA\\PMRN${p}-0.jpeg,"P,${p}"`); // Windows separator, comma inside the id
    rows.push(`./PNEUMONIA/PMRN${p}-1.jpeg,"P,${p}"`);
  }
  return rows;
}

test('patients.csv groups the images of one patient: no patient is in two parts of the split', async () => {
  const root = await mrnFolder();
  // BOM, CRLF, an extra column, a blank line, and a row naming a file that is not there.
  const text = '\uFEFFfile,patient,comment\r\n' + csvRows().join('\r\n') + '\r\n\r\nNORMAL/gone.jpeg,N-99\r\n';
  await writeFile(join(root, 'patients.csv'), text);
  const ds = await importDataset(root);
  assert.deepEqual(ds.summary.patientSources, { csv: 4 * PATIENTS });
  assert.deepEqual(ds.summary.patients, { NORMAL: PATIENTS, PNEUMONIA: PATIENTS });
  // The CSV is read, not listed as a skipped file.
  assert.equal(ds.summary.skipped.total, 0);
  // The unknown file is a warning naming its line (header 1, 32 rows, a blank line: line 35).
  const warn = ds.summary.notes.find((n) => n.startsWith('patients.csv: 1 row names a file not in the folder'));
  assert.ok(warn, ds.summary.notes.join('\n'));
  assert.match(warn, /line 35: NORMAL\/gone\.jpeg/);
  assert.ok(!ds.summary.notes.some((n) => /no patient ID/.test(n)));
  // Patient identifiers never reach the summary.
  assert.ok(!JSON.stringify(ds.summary).includes('N-1'));

  for (const seed of [1, 2, 3, 42, 7]) {
    const { train, val, summary } = trainingSplit(ds, 0.3, seed);
    assert.equal(summary.unidentifiedImages, 0);
    assert.ok(val.length > 0 && train.length > 0);
    const partOf = new Map<string, Set<string>>();
    for (const [part, items] of [['train', train], ['val', val]] as const) {
      for (const it of items) {
        const s = partOf.get(it.patientId) ?? new Set<string>();
        s.add(part);
        partOf.set(it.patientId, s);
      }
    }
    assert.equal(partOf.size, 2 * PATIENTS);
    for (const [patient, parts] of partOf) assert.equal(parts.size, 1, `seed ${seed}: patient ${patient} in ${[...parts].join(' and ')}`);
    // And the grouping is the CSV's: both images of NMRN3 share a patient.
    const n3 = [...train, ...val].filter((it) => /NMRN3-\d\.jpeg$/.test(it.file));
    assert.equal(new Set(n3.map((it) => it.patientId)).size, 1);
  }
});

test('without patient IDs, one file counts as one patient and the summaries say so', async () => {
  const root = await mrnFolder();
  const ds = await importDataset(root);
  assert.deepEqual(ds.summary.patientSources, { file: 4 * PATIENTS });
  assert.ok(ds.summary.notes.some((n) => n.startsWith(`${4 * PATIENTS} images have no patient ID (one file counted as one patient)`) && n.includes('patients.csv')));
  const { summary } = trainingSplit(ds, 0.3, 1);
  assert.equal(summary.unidentifiedImages, 4 * PATIENTS);
});

test('a patients.csv giving one file two patients is refused, naming the lines', async () => {
  const root = await mrnFolder();
  await writeFile(join(root, 'patients.csv'), 'file,patient\nNORMAL/NMRN1-0.jpeg,A\nNORMAL/NMRN1-1.jpeg,A\nNMRN1-0.jpeg,B\n');
  await assert.rejects(importDataset(root), /patients\.csv: line 4: 'NMRN1-0\.jpeg' is given another patient than on line 2/);
  // The same patient twice is fine.
  await writeFile(join(root, 'patients.csv'), 'file,patient\nNORMAL/NMRN1-0.jpeg,A\nNMRN1-0.jpeg,A\n');
  const ds = await importDataset(root);
  assert.equal(ds.summary.patientSources.csv, 1);
  // Images the CSV leaves out keep the old rules, and a note says how many.
  assert.ok(ds.summary.notes.some((n) => n.startsWith(`${4 * PATIENTS - 1} images not in patients.csv`)));
});

test('a patients.csv without its header, with an empty patient or an ambiguous bare name is refused', async () => {
  const root = await mrnFolder();
  await writeImage(join(root, 'PNEUMONIA', 'NMRN1-0.jpeg'), 'jpeg', 24, 999, true); // same name in both classes
  const cases: Array<[string, RegExp]> = [
    ['name,id\nNMRN2-0.jpeg,A\n', /patients\.csv: line 1: expected the header 'file,patient'/],
    ['file,patient\nNMRN2-0.jpeg,A\nNMRN2-1.jpeg,  \n', /patients\.csv: line 3: no patient for 'NMRN2-1\.jpeg'/],
    ['file,patient\nNMRN1-0.jpeg,A\n', /patients\.csv: line 2: 'NMRN1-0\.jpeg' names 2 files \(NORMAL\/NMRN1-0\.jpeg, PNEUMONIA\/NMRN1-0\.jpeg\): give its path/],
  ];
  for (const [text, re] of cases) {
    await writeFile(join(root, 'patients.csv'), text);
    await assert.rejects(importDataset(root), re);
  }
});

test('CSV parsing: semicolons or tabs, quotes, line ends inside quotes, line numbers', () => {
  assert.deepEqual(parsePatientsCsv('File;Patient\r\na.jpeg;1\r\n', 'p.csv'), [{ line: 2, file: 'a.jpeg', patient: '1' }]);
  assert.deepEqual(parsePatientsCsv('patient\tfile\n7\tb.png\n', 'p.csv'), [{ line: 2, file: 'b.png', patient: '7' }]);
  assert.deepEqual(parsePatientsCsv('file,patient\n"x ""y"".jpeg","multi\nline"\nc.jpeg,3', 'p.csv'), [
    { line: 2, file: 'x "y".jpeg', patient: 'multi\nline' },
    { line: 4, file: 'c.jpeg', patient: '3' },
  ]);
});

test('one sub-folder per patient (CLASS/PATIENT/image) names the patient', async () => {
  const root = await tempDir('alveo-folders-');
  let seed = 1;
  for (const cls of ['NORMAL', 'PNEUMONIA'] as const) {
    for (const p of ['mrn-1', 'mrn-2', 'mrn-3']) {
      for (const i of [0, 1]) await writeImage(join(root, cls, `${cls}-${p}`, `img${i}.png`), 'png', 16, seed++, cls === 'PNEUMONIA');
    }
  }
  const ds = await importDataset(root);
  assert.deepEqual(ds.summary.patientSources, { folder: 12 });
  assert.deepEqual(ds.summary.patients, { NORMAL: 3, PNEUMONIA: 3 });
  assert.ok(!ds.summary.notes.some((n) => /no patient ID/.test(n)));
});

test('site jobs (calibrate, adapt) carry the note when images have no patient ID, and not once patients.csv names them', async () => {
  const { loadSiteData } = await import('../../../src-main/engine/training/site-data');
  const root = await mrnFolder();
  const unnamed = await loadSiteData(root);
  assert.match(unnamed.identityNote ?? '', /^32 images have no patient ID \(one file counted as one patient\)/);
  await writeFile(join(root, 'patients.csv'), ['file,patient', ...csvRows()].join('\n'));
  const named = await loadSiteData(root);
  assert.equal(named.identityNote, undefined);
  assert.equal(named.patients.NORMAL + named.patients.PNEUMONIA, 2 * PATIENTS);
});
