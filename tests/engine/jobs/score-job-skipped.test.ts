// A score job accounts for every file of the folder: rows for images (scored or failed, with why)
// and, in its result, the harmless non-images it skipped (DICOMDIR, text), each with the reason.
// Sharded runs list each skipped file in exactly one shard.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, test } from 'node:test';
import type { EngineEvent } from '../../../src-main/api/events';
import { createEngine, sourceTreeDeps } from '../../../src-main/engine/index';
import { chestPhantom, writeDicom } from '../../fixtures/write-dicom';
import { writeGrayPng } from '../inference/support/draw-png';
import { writeDicomdir } from '../study-sets/write-dicomdir';

const dir = await mkdtemp(join(tmpdir(), 'alveo-skipjob-'));
after(() => rm(dir, { recursive: true, force: true }));

test('the job result lists the skipped files; every file is a row or skipped', async () => {
  const folder = join(dir, 'studies');
  await mkdir(folder, { recursive: true });
  await writeGrayPng(join(folder, 'a.png'), 120, 100, [{ top: 30, left: 20, height: 50, width: 40, value: 220 }], 30);
  await writeDicom(join(folder, '1.2.840.99.1'), { rows: 80, columns: 64, bitsAllocated: 16, bitsStored: 12, pixels: chestPhantom(80, 64, 100, 3000) });
  await writeFile(join(folder, 'broken.dcm'), 'not a dicom at all, just words');
  await writeFile(join(folder, 'notes.txt'), 'reviewed by Dr X\n');
  await writeDicomdir(join(folder, 'DICOMDIR'), [{ patientId: 'P', studies: [{ studyUid: '1.2', series: [{ seriesUid: '1.2.3', images: [{ fileId: ['X'] }] }] }] }]);
  const engine = createEngine(sourceTreeDeps({ userDir: join(dir, 'home') }));
  try {
    const events: EngineEvent[] = [];
    let jobId = '';
    engine.subscribe((e) => e.jobId === jobId && events.push(e));
    ({ jobId } = await engine.startScore({ folder }));
    await engine.waitForJob(jobId);
    const rows = events.flatMap((e) => (e.type === 'job:row' ? [e.row] : []));
    const end = events.at(-1);
    const result = end?.type === 'job:end' && end.kind === 'score' ? end.result : undefined;
    assert.deepEqual(rows.map((r) => [basename(r.file), r.error === null]).sort(), [['1.2.840.99.1', true], ['a.png', true], ['broken.dcm', false]]);
    assert.deepEqual(
      result?.skipped?.map((s) => [basename(s.file), s.reason]).sort(),
      [['DICOMDIR', 'a DICOMDIR (the index of a DICOM folder, not an image)'], ['notes.txt', 'a text file']],
    );
    // Two shards: the skipped files are split between them, none twice, none lost.
    const shardSkipped: string[] = [];
    for (const index of [0, 1]) {
      const ev: EngineEvent[] = [];
      let id = '';
      engine.subscribe((e) => e.jobId === id && ev.push(e));
      ({ jobId: id } = await engine.startScore({ folder, shard: { index, count: 2 } }));
      await engine.waitForJob(id);
      const last = ev.at(-1);
      if (last?.type === 'job:end' && last.kind === 'score') shardSkipped.push(...(last.result?.skipped ?? []).map((s) => basename(s.file)));
    }
    assert.deepEqual(shardSkipped.sort(), ['DICOMDIR', 'notes.txt']);
  } finally {
    await engine.dispose();
  }
});
