// Which activation caches an adaptation run sweeps: those of processes that have ended, and
// unowned ones (named before the pid was part of the name) once a day old; never a live process's,
// a fresh unowned one, or anything else in the cache folder.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { adaptCacheDir, sweepStaleAdaptCaches } from '../../../src-main/engine/training/adapt-cache';

test('sweep: dead owners and day-old unowned caches go; live, fresh and foreign folders stay', async () => {
  const home = await mkdtemp(join(tmpdir(), 'alveo-adapt-cache-'));
  try {
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid;
    const names = {
      dead: `adapt-${deadPid}-${randomUUID()}`,
      live: `adapt-1-${randomUUID()}`,
      mine: adaptCacheDir(home).split(/[\\/]/).pop()!,
      oldUnowned: `adapt-${randomUUID()}`,
      freshUnowned: `adapt-${randomUUID()}`,
      foreign: 'thumbnails',
    };
    for (const name of Object.values(names)) {
      await mkdir(join(home, 'cache', name), { recursive: true });
      await writeFile(join(home, 'cache', name, 'x.f32'), new Uint8Array(16));
    }
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    await utimes(join(home, 'cache', names.oldUnowned), twoDaysAgo, twoDaysAgo);
    const removed = await sweepStaleAdaptCaches(home);
    assert.deepEqual(removed.sort(), [names.dead, names.oldUnowned].sort());
    assert.deepEqual((await readdir(join(home, 'cache'))).sort(), [names.live, names.mine, names.freshUnowned, names.foreign].sort());
    assert.deepEqual(await sweepStaleAdaptCaches(join(home, 'no-such-folder')), [], 'no cache folder yet: nothing to do');
  } finally {
    await rm(home, { recursive: true, force: true });
  }
});
