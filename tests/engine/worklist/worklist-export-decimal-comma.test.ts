// Review 41 F7: the worklist's "For Excel with a decimal comma" export, as the app asks for it
// through the API: ';'-separated with decimal commas and a byte-order mark, read back by the merge's
// reader to the same values as the comma export; the new argument is validated like every other.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DEFAULT_WORKLIST_VIEW } from '../../../src-main/api/worklist-view';
import { createEngine, sourceTreeDeps } from '../../../src-main/engine/index';
import { readScoreCsv } from '../../../src-main/engine/inference/read-score-csv';
import { checkArgs } from '../../../src-main/hosts/validate-args';
import { chestPhantom, writeDicom } from '../../fixtures/write-dicom';
import { writeGrayPng } from '../inference/support/draw-png';

const dir = await mkdtemp(join(tmpdir(), 'alveo-export-decimal-comma-'));
after(() => rm(dir, { recursive: true, force: true }));

test('exportWorklist with csvStyle excel-decimal-comma: ; and 0,25 in number columns, BOM; read back to the comma export', async () => {
  const folder = join(dir, 'studies');
  await mkdir(folder, { recursive: true });
  await writeGrayPng(join(folder, 'plain.png'), 120, 100, [{ top: 30, left: 20, height: 50, width: 40, value: 220 }], 30);
  await writeDicom(join(folder, 'de.dcm'), { rows: 80, columns: 64, bitsAllocated: 16, bitsStored: 12, pixels: chestPhantom(80, 64, 100, 3000), attributes: { PatientName: 'Müller^Jürgen;Dr.', PatientID: '=1;2' } });
  const engine = createEngine(sourceTreeDeps({ userDir: join(dir, 'home') }));
  try {
    const { jobId } = await engine.startScore({ folder });
    await engine.waitForJob(jobId);
    const spec = { jobId, view: DEFAULT_WORKLIST_VIEW, includeIdentifiers: true };
    const comma = await engine.exportWorklist({ ...spec, csvStyle: 'excel' });
    const file = join(dir, 'de.csv');
    const written = await engine.exportWorklist({ ...spec, file, csvStyle: 'excel-decimal-comma' });
    assert.equal(written.rows, 2);
    const text = await readFile(file, 'utf8');
    assert.equal(text.charCodeAt(0), 0xfeff);
    assert.ok(text.slice(1).startsWith('file;probability;label;threshold;'), text.slice(0, 60));
    const de = text.split('\n').find((l) => l.startsWith('de.dcm;')) ?? '';
    assert.match(de, /^de\.dcm;0,\d+;(NORMAL|PNEUMONIA);0,\d+;/, 'probability and threshold with a decimal comma');
    assert.ok(de.includes(';"Müller^Jürgen;Dr.";"\'=1;2";'), `a ';' cell quoted, the formula escaped: ${de}`);
    const back = readScoreCsv(text, file);
    const before = readScoreCsv(comma.csv ?? '', 'comma.csv');
    assert.deepEqual(back.header, before.header);
    assert.deepEqual(back.rows.map((r) => r.fields), before.rows.map((r) => r.fields), 'the same values as the comma export');
    const p = back.header.indexOf('probability');
    assert.ok(back.rows.every((r) => Number.isFinite(Number(r.fields[p]))), 'numbers again');
  } finally {
    await engine.dispose();
  }
});

test('exportWorklist: csvStyle is validated; bom (its older form) not together with it', () => {
  const spec = { jobId: 'score-1', view: DEFAULT_WORKLIST_VIEW, includeIdentifiers: false };
  for (const csvStyle of ['scripts', 'excel', 'excel-decimal-comma']) assert.equal(checkArgs('exportWorklist', [{ ...spec, csvStyle }]), null, csvStyle);
  assert.match(checkArgs('exportWorklist', [{ ...spec, csvStyle: 'german' }]) ?? '', /spec\.csvStyle must be one of scripts, excel, excel-decimal-comma/);
  assert.match(checkArgs('exportWorklist', [{ ...spec, csvStyle: 1 }]) ?? '', /csvStyle must be one of/);
  assert.match(checkArgs('exportWorklist', [{ ...spec, csvStyle: 'scripts', bom: true }]) ?? '', /spec\.bom and spec\.csvStyle do not go together/);
  assert.equal(checkArgs('exportWorklist', [{ ...spec, bom: true }]), null, 'bom alone, as earlier releases send it');
});
