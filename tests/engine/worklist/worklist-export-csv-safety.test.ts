// The worklist export through the engine, as the app calls it: a crafted PatientName (a formula)
// comes out quoted as text, and the "For Excel" byte-order mark only when asked.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DEFAULT_WORKLIST_VIEW } from '../../../src-main/api/worklist-view';
import { createEngine, sourceTreeDeps } from '../../../src-main/engine/index';
import { checkArgs } from '../../../src-main/hosts/validate-args';
import { chestPhantom, writeDicom } from '../../fixtures/write-dicom';
import { writeGrayPng } from '../inference/support/draw-png';

const dir = await mkdtemp(join(tmpdir(), 'alveo-export-safety-'));
after(() => rm(dir, { recursive: true, force: true }));

test('exportWorklist: formula-like cells quoted, BOM on request, the argument validated', async () => {
  const folder = join(dir, 'studies');
  await mkdir(folder, { recursive: true });
  await writeGrayPng(join(folder, 'plain.png'), 120, 100, [{ top: 30, left: 20, height: 50, width: 40, value: 220 }], 30);
  await writeDicom(join(folder, 'crafted.dcm'), {
    rows: 80,
    columns: 64,
    bitsAllocated: 16,
    bitsStored: 12,
    pixels: chestPhantom(80, 64, 100, 3000),
    attributes: { PatientName: '=HYPERLINK("http://evil","open")', PatientID: '@42' },
  });
  const engine = createEngine(sourceTreeDeps({ userDir: join(dir, 'home') }));
  try {
    const { jobId } = await engine.startScore({ folder });
    await engine.waitForJob(jobId);
    const spec = { jobId, view: DEFAULT_WORKLIST_VIEW, includeIdentifiers: true };
    const plain = await engine.exportWorklist(spec);
    assert.equal(plain.rows, 2);
    assert.notEqual(plain.csv?.charCodeAt(0), 0xfeff);
    const crafted = plain.csv?.split('\n').find((l) => l.includes('crafted.dcm')) ?? '';
    assert.ok(crafted.includes(`,"'=HYPERLINK(""http://evil"",""open"")",`), crafted);
    assert.ok(crafted.includes(",'@42,") || crafted.endsWith(",'@42"), crafted);
    const file = join(dir, 'out.csv');
    const bom = await engine.exportWorklist({ ...spec, file, bom: true });
    assert.equal(bom.file, file);
    const text = await readFile(file, 'utf8');
    assert.equal(text.charCodeAt(0), 0xfeff);
    assert.equal(text.slice(1).split('\n')[0], plain.csv?.split('\n')[0]);
    assert.match(checkArgs('exportWorklist', [{ ...spec, bom: 'yes' }]) ?? '', /bom/);
    assert.equal(checkArgs('exportWorklist', [{ ...spec, bom: true }]), null);
    assert.match(checkArgs('exportWorklist', [{ ...spec, overwrite: 'yes' }]) ?? '', /overwrite/);
    assert.equal(checkArgs('exportWorklist', [{ ...spec, file, overwrite: true }]), null);
  } finally {
    await engine.dispose();
  }
});

test('a file name that starts with = is quoted in the export (the cell starts with a quote)', async () => {
  const { worklistCsv } = await import('../../../src-main/engine/worklist/worklist-csv');
  const row = { file: '=cmd|calc', probability: 0.5, label: 'NORMAL' as const, threshold: 0.5, model: 'm', error: null, warnings: [], attributes: {} };
  assert.ok(worklistCsv([row], false, { fileName: (f) => f }).split('\n')[1].startsWith("'=cmd|calc,"));
});
