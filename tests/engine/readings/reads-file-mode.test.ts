// reads.json names the reader, the images, their SOP and Study UIDs and the reader's notes: a new
// one is owner-only (0600) whatever the umask, also when its folder already existed open to others
// (mkdir does not narrow a folder that is there); an older 0644 copy loses the bits for others
// (atomic-files.ts's mode rule keeps a group an admin chose, never others).
import assert from 'node:assert/strict';
import { chmod, mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ReaderReadStore, readsFile, type StoredRead } from '../../../src-main/engine/readings/reader-read-store';
import { tempDir } from '../../support/temp-dir';

const OWNER_ONLY = 0o600;
let umask: number;
before(() => {
  // The usual default: without an explicit mode a new file would be 0644.
  umask = process.umask(0o022);
});
after(() => {
  process.umask(umask);
});

const read = (key: string, note: string): StoredRead => ({
  key,
  reader: 'Smith^Jane',
  finding: 'pneumonia',
  note,
  afterAi: false,
  at: new Date().toISOString(),
  file: '/studies/child.dcm',
  sopInstanceUid: '1.2.826.0.1.3680043.2.1125.96.1.1.1',
  studyInstanceUid: '1.2.826.0.1.3680043.2.1125.96.1',
});

const modeOf = async (file: string) => (await stat(file)).mode & 0o777;

test('a first read makes reads.json owner-only', { skip: process.platform === 'win32' && 'POSIX modes' }, async () => {
  const home = await tempDir('alveo-reads-mode-');
  await new ReaderReadStore(home).update('aa:0', 'Smith^Jane', () => read('aa:0', 'RLL consolidation'));
  assert.equal(await modeOf(readsFile(home)), OWNER_ONLY);
});

test('a readings folder that already existed open to others: the new reads.json is still owner-only', { skip: process.platform === 'win32' && 'POSIX modes' }, async () => {
  const home = await tempDir('alveo-reads-mode-');
  const file = readsFile(home);
  await mkdir(join(file, '..'), { recursive: true, mode: 0o755 });
  assert.equal(await modeOf(join(file, '..')), 0o755);
  await new ReaderReadStore(home).update('bb:0', 'Smith^Jane', () => read('bb:0', 'first image'));
  assert.equal(await modeOf(file), OWNER_ONLY);
});

test('an older reads.json readable by others (0644): rewritten without the bits for others, its records kept', { skip: process.platform === 'win32' && 'POSIX modes' }, async () => {
  const home = await tempDir('alveo-reads-mode-');
  const file = readsFile(home);
  await mkdir(join(file, '..'), { recursive: true, mode: 0o755 });
  await writeFile(file, JSON.stringify({ version: 2, reads: [read('bb:0', 'earlier')] }));
  await chmod(file, 0o644);
  const store = new ReaderReadStore(home);
  await store.update('cc:0', 'Smith^Jane', () => read('cc:0', 'second image'));
  assert.equal(await modeOf(file), 0o640);
  assert.deepEqual((await store.all()).map((r) => r.key), ['bb:0', 'cc:0'], 'the earlier read is kept');
});
