// A score job over some sub-folders of a folder (a PACS search's studies in the cache): only their
// images are scored, in the order named, the CSV names stay relative to the folder, last-run.json
// keeps the list (so "score it again" scores the same studies, not the whole cache), and names that
// are paths or missing folders are refused before anything runs.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import type { EngineEvent } from '../../../src-main/api/events';
import { createEngine, sourceTreeDeps } from '../../../src-main/engine/index';
import { checkArgs } from '../../../src-main/hosts/validate-args';
import { chestPhantom, writeDicom } from '../../fixtures/write-dicom';
import { tempDir } from '../../support/temp-dir';

test('only the named sub-folders are scored, in that order, and the run remembers them', async () => {
  const dir = await tempDir('alveo-subfolders-');
  const cache = join(dir, 'cache');
  for (const [study, n] of [['1.2.3', 2], ['1.2.4', 1], ['1.2.5', 1]] as const) {
    await mkdir(join(cache, study), { recursive: true });
    for (let i = 0; i < n; i++) {
      await writeDicom(join(cache, study, `${study}.${i + 1}.dcm`), { rows: 64, columns: 64, bitsAllocated: 16, bitsStored: 12, pixels: chestPhantom(64, 64, 100 + i, 3000) });
    }
  }
  const engine = createEngine(sourceTreeDeps({ userDir: join(dir, 'home') }));
  try {
    const events: EngineEvent[] = [];
    let jobId = '';
    engine.subscribe((e) => e.jobId === jobId && events.push(e));
    ({ jobId } = await engine.startScore({ folder: cache, subfolders: ['1.2.5', '1.2.3'], label: 'PACS search on TEST: 2 studies' }));
    await engine.waitForJob(jobId);
    const rows = events.flatMap((e) => (e.type === 'job:row' ? [e.row] : []));
    assert.deepEqual(
      rows.map((r) => relative(cache, r.file)).sort(),
      ['1.2.3/1.2.3.1.dcm', '1.2.3/1.2.3.2.dcm', '1.2.5/1.2.5.1.dcm'],
    );
    assert.ok(rows.every((r) => r.error === null), JSON.stringify(rows.map((r) => r.error)));
    const csv = await engine.exportWorklist({ jobId, view: { filter: 'all', search: '', sort: 'file', descending: false, groupByStudy: false }, count: rows.length, includeIdentifiers: false });
    assert.match(csv.csv ?? '', /1\.2\.5\/1\.2\.5\.1\.dcm/);
    const last = await engine.getLastScoreRun();
    assert.deepEqual(last?.subfolders, ['1.2.5', '1.2.3']);
    assert.equal(last?.label, 'PACS search on TEST: 2 studies');
    assert.equal(last?.folder, cache);

    await assert.rejects(engine.startScore({ folder: cache, subfolders: ['1.2.9'] }), /sub-folder not found/);
    await assert.rejects(engine.startScore({ folder: cache, subfolders: ['../home'] }), /not a folder's name/);
    await assert.rejects(engine.startScore({ folder: cache, subfolders: [] }), /no sub-folder/);
  } finally {
    await engine.dispose();
  }
});

test('the hosts refuse sub-folder names that are paths', () => {
  const spec = (subfolders: unknown) => checkArgs('startScore', [{ folder: '/data', subfolders }]);
  assert.equal(spec(['1.2.3', '1.2.4']), null);
  assert.match(String(spec(['../etc'])), /folder's name, not a path/);
  assert.match(String(spec(['a\\b'])), /folder's name, not a path/);
  assert.match(String(spec(['..'])), /folder's name, not a path/);
  assert.match(String(spec([])), /must not be empty/);
  assert.match(String(spec('1.2.3')), /must be a list/);
});
