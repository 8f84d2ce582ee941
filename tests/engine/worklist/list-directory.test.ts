import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { AlveoError } from '../../../src-main/api/errors';
import { listDirectory } from '../../../src-main/engine/worklist/list-directory';

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'alveo-ls-'));
  await mkdir(join(root, 'b-studies'));
  await mkdir(join(root, 'A-more'));
  await mkdir(join(root, '.hidden'));
  for (const f of ['img10.dcm', 'img2.JPG', 'notes.txt', 'IM000001', '.DS_Store', 'x.png']) await writeFile(join(root, f), 'x');
});
after(() => rm(root, { recursive: true, force: true }));

test('lists folders first, then files, in natural order, without hidden entries', async () => {
  const l = await listDirectory(root);
  assert.equal(l.path, root);
  assert.deepEqual(
    l.entries.map((e) => `${e.kind}:${e.name}`),
    ['folder:A-more', 'folder:b-studies', 'image:IM000001', 'image:img2.JPG', 'image:img10.dcm', 'file:notes.txt', 'image:x.png'],
  );
  assert.equal(l.images, 4);
  assert.equal(l.truncated, false);
  assert.equal(l.parent, join(root, '..'));
  assert.ok(l.roots.length >= 1);
  assert.equal(l.entries[0].path, join(root, 'A-more'));
});

test('the root has no parent; a file or a missing folder is refused in plain words', async () => {
  assert.equal((await listDirectory('/')).parent, null);
  await assert.rejects(listDirectory(join(root, 'x.png')), (e: unknown) => e instanceof AlveoError && e.code === 'BAD_ARGUMENT' && /not a folder/.test(e.message));
  await assert.rejects(listDirectory(join(root, 'nope')), (e: unknown) => e instanceof AlveoError && e.code === 'NOT_FOUND' && e.message.includes('nope'));
});

test('no path lists the home folder', async () => {
  const l = await listDirectory();
  assert.equal(l.path, homedir());
  assert.ok(l.roots.includes(l.path));
  // A blank path is "no path" too, not the working directory.
  assert.equal((await listDirectory('  ')).path, homedir());
});
