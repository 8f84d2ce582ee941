// `alveo score` CSVs without identifiers name files inside the scored folder (never the absolute
// path, never a PACS-cache UID); sharded parts so named still merge; --csv into a missing folder is
// refused before scoring, without making it.
import assert from 'node:assert/strict';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { chestPhantom, writeDicom } from '../../fixtures/write-dicom';
import { parseCsv } from '../../engine/inference/support/parse-csv';
import { useCliFixtures } from '../support/cli-fixtures';
import { runCli } from '../support/run-cli';
import { auditLines } from '../../support/audit-lines';

const cli = useCliFixtures();

test('the file column is relative to the folder, with identifier columns too; with them, a path column holds the path as scored', async () => {
  const out = join(cli.fx.dir, 'relative.csv');
  const r = await runCli(['score', cli.fx.folder, '--recursive', '--csv', out, '--model', 'small-a'], cli.env);
  assert.equal(r.code, 1, r.stderr); // c.jpg fails
  const text = await readFile(out, 'utf8');
  assert.deepEqual(parseCsv(text).slice(1).map((f) => f[0]), ['a.png', 'b.dcm', 'c.jpg', 'sub/d.png']);
  assert.ok(!text.includes(cli.fx.dir), 'no absolute path');
  const stdout = await runCli(['score', cli.fx.folder, '--recursive', '--model', 'small-a'], cli.env);
  assert.deepEqual(parseCsv(stdout.stdout).slice(1).map((f) => f[0]), ['a.png', 'b.dcm', 'c.jpg', 'sub/d.png'], 'stdout the same');

  const ids = await runCli(['score', cli.fx.folder, '--csv', out, '--columns', 'PatientID', '--model', 'small-a'], cli.env);
  assert.equal(ids.code, 1, ids.stderr);
  const identified = parseCsv(await readFile(out, 'utf8'));
  assert.deepEqual(identified.slice(1).map((f) => f[0]), ['a.png', 'b.dcm', 'c.jpg'], 'an existing CSV is replaced; the same file names as without identifiers');
  const pathAt = identified[0].indexOf('path');
  assert.deepEqual(identified.slice(1).map((f) => f[pathAt]), [cli.fx.png, cli.fx.dcm, cli.fx.text], 'the paths as scored');
  assert.equal(identified[0][pathAt + 1], 'PatientID', 'the path before the attributes');
  // Each CSV written is in the audit trail, with the identifier columns it carries.
  const written = (await auditLines(cli.env.ALVEO_HOME)).filter((l) => l.action === 'scoreCsv' && l.file === out);
  assert.deepEqual(written.map((l) => [l.rows, l.columns]), [[4, undefined], [3, ['PatientID']]]);
});

test('files in the PACS cache are named pacs-study-N/image-M, no UID in the CSV', async () => {
  const cache = join(cli.fx.home, 'pacs', 'cache');
  for (const [study, sops] of [['1.2.826.0.1.3680043.8.498.201', ['1.2.826.0.1.3680043.8.498.211', '1.2.826.0.1.3680043.8.498.212']], ['1.2.826.0.1.3680043.8.498.301', ['1.2.826.0.1.3680043.8.498.311']]] as const) {
    await mkdir(join(cache, study), { recursive: true });
    for (const [i, sop] of sops.entries()) {
      await writeDicom(join(cache, study, `${sop}.dcm`), {
        rows: 64,
        columns: 64,
        bitsAllocated: 16,
        bitsStored: 12,
        pixels: chestPhantom(64, 64, 100 + 50 * i, 3000),
        attributes: { StudyInstanceUID: study, SOPInstanceUID: sop, Modality: 'CR' },
      });
    }
  }
  const r = await runCli(['score', cache, '--recursive', '--model', 'small-a'], cli.env);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(parseCsv(r.stdout).slice(1).map((f) => f[0]), ['pacs-study-1/image-1', 'pacs-study-1/image-2', 'pacs-study-2/image-1']);
  assert.ok(!r.stdout.includes('1.2.826.0.1.3680043.8.498'), 'no UID');
});

test('shards written with relative names merge and pass the folder check', async () => {
  const parts: string[] = [];
  for (let i = 0; i < 2; i++) {
    const part = join(cli.fx.dir, `rel-part-${i}.csv`);
    await runCli(['score', cli.fx.folder, '--recursive', '--shard', `${i}/2`, '--csv', part, '--model', 'small-a'], cli.env);
    parts.push(part);
  }
  const out = join(cli.fx.dir, 'rel-merged.csv');
  const m = await runCli(['merge', ...parts, '--csv', out, '--folder', cli.fx.folder, '--recursive'], cli.env);
  assert.equal(m.code, 0, m.stderr);
  assert.deepEqual(parseCsv(await readFile(out, 'utf8')).slice(1).map((f) => f[0]), ['a.png', 'b.dcm', 'c.jpg', 'sub/d.png']);
});

test('--csv into a folder that does not exist: a clear error before scoring, exit 1, no folder made', async () => {
  const missing = join(cli.fx.dir, 'no-such-dir');
  const r = await runCli(['score', cli.fx.folder, '--csv', join(missing, 'x.csv'), '--model', 'small-a'], cli.env);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, new RegExp(`the folder ${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} does not exist`));
  assert.doesNotMatch(r.stderr, /scored \d/, 'refused before scoring');
  await assert.rejects(stat(missing), 'the folder was not created');
});
