import assert from 'node:assert/strict';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { findShardFiles, parseShard, shardFiles, shardKey, shardOf } from '../../../src-main/engine/inference/shard-files';
import { findImageFiles } from '../../../src-main/engine/studies/find-images';
import { SHARED_DATA, skipUnless } from './support/shared-data';

const KERMANY_ORIG = join(SHARED_DATA, 'kermany-orig');

test('shards of a real folder partition it: every file in exactly one shard, for several N', { skip: skipUnless(KERMANY_ORIG) }, async () => {
  const all = await findImageFiles(KERMANY_ORIG, true);
  assert.ok(all.length > 1500, `${all.length} files`);
  // findShardFiles is the folder's listing filtered by shardFiles: checked once for N = 3, then the
  // partition is checked on the listing for every N (walking and sniffing 1607 files 51 times took ~20 s).
  for (let index = 0; index < 3; index++) {
    assert.deepEqual(await findShardFiles(KERMANY_ORIG, true, { index, count: 3 }), shardFiles(all, KERMANY_ORIG, { index, count: 3 }), `shard ${index}/3`);
  }
  for (const count of [1, 2, 3, 8, 37]) {
    const owner = new Map<string, number>();
    let union = 0;
    for (let index = 0; index < count; index++) {
      const part = shardFiles(all, KERMANY_ORIG, { index, count });
      union += part.length;
      for (const f of part) {
        assert.equal(owner.get(f), undefined, `${f} in shards ${owner.get(f)} and ${index} of ${count}`);
        owner.set(f, index);
      }
      // A hash spreads files evenly enough that no shard idles while another does double work.
      const expected = all.length / count;
      if (count > 1) assert.ok(Math.abs(part.length - expected) < 5 * Math.sqrt(expected) + 2, `shard ${index}/${count}: ${part.length} files, ~${expected} expected`);
    }
    assert.equal(union, all.length, `N=${count}: the shards hold ${union} files, the folder ${all.length}`);
    assert.deepEqual([...owner.keys()].sort(), all);
  }
});

test('a shard depends on the path relative to the folder, not where the folder is mounted', { skip: skipUnless(KERMANY_ORIG) }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'alveo-shard-'));
  try {
    const mount = join(dir, 'elsewhere');
    await symlink(join(KERMANY_ORIG, 'val'), mount);
    for (let index = 0; index < 3; index++) {
      const here = await findShardFiles(join(KERMANY_ORIG, 'val'), true, { index, count: 3 });
      const there = await findShardFiles(mount, true, { index, count: 3 });
      assert.deepEqual(there.map((f) => shardKey(mount, f)), here.map((f) => shardKey(join(KERMANY_ORIG, 'val'), f)));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('shard assignment is pinned: the same key lands in the same shard on every machine and version', () => {
  // sha256('NORMAL/NORMAL2-IM-1427-0001.jpeg') etc.; a change here would split one archive's
  // shards differently between machines running different Alveo versions.
  const keys = ['NORMAL/NORMAL2-IM-1427-0001.jpeg', 'PNEUMONIA/person1946_bacteria_4874.jpeg', 'a.png', 'sub/d.png'];
  const got = keys.map((k) => shardOf(k, 1000));
  assert.deepEqual(got, PINNED);
  // Keys use '/' and NFC: a macOS (NFD) file name gives the same key as Linux.
  assert.equal(shardKey('C:/x', 'C:/x/sub/d.png'), 'sub/d.png');
  assert.equal(shardKey('/x', '/x/Cafe\u0301.png'), 'Caf\u00e9.png');
  assert.deepEqual(shardFiles(['/r/a.png', '/r/sub/d.png'], '/r', { index: got[2], count: 1000 }), ['/r/a.png']);
});

test('parseShard: I/N with 0 <= I < N, clear errors otherwise', () => {
  assert.deepEqual(parseShard('0/8'), { index: 0, count: 8 });
  assert.deepEqual(parseShard('7/8'), { index: 7, count: 8 });
  assert.throws(() => parseShard('8/8'), /I must be a whole number from 0 to 7 \(shards are numbered from 0\)/);
  assert.throws(() => parseShard('1/0'), /N must be a whole number from 1/);
  assert.throws(() => parseShard('1-8'), /--shard must look like I\/N/);
  assert.throws(() => shardFiles([], '/', { index: -1, count: 2 }), /from 0 to 1/);
});

// Worked out independently: parseInt(sha256(key).hex.slice(0, 12), 16) % 1000.
const PINNED = [206, 3, 783, 471];
