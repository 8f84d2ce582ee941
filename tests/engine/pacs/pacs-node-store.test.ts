// pacs/nodes.json of the wrong shape (review 37 F2): `null`, a list, a node that is not one. Each is
// refused as CORRUPT naming the file and what is wrong (never "Cannot read properties of null", never
// an empty list a save would then write over), and the file is left as it was.
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { AlveoError } from '../../../src-main/api/errors';
import { PacsNodeStore } from '../../../src-main/engine/pacs/pacs-node-store';
import { tempDir } from '../../support/temp-dir';

async function storeWith(text: string): Promise<{ store: PacsNodeStore; file: string }> {
  const home = await tempDir('alveo-pacs-nodes-');
  const file = join(home, 'pacs', 'nodes.json');
  await mkdir(join(home, 'pacs'), { recursive: true });
  await writeFile(file, text);
  return { store: new PacsNodeStore(home), file };
}

const node = { id: 'n1', name: 'Radiology', address: 'ORTHANC@127.0.0.1:4242' };

const cases: [string, unknown, string][] = [
  ['null', null, 'it holds null, not a JSON object'],
  ['a list', [node], 'it holds a list, not a JSON object'],
  ['nodes not a list', { nodes: { n1: node } }, "'nodes' is an object, not a list"],
  ['no nodes', {}, "'nodes' is missing, not a list"],
  ['a null node', { nodes: [node, null] }, 'node 2 of 2: it is null, not an object'],
  ['an address that is a number', { nodes: [{ ...node, address: 4242 }] }, "node 1 of 1: 'address' is a number, not a non-empty string"],
  ['a secret that is not a string', { nodes: [{ ...node, secret: { v: 'x' } }] }, "node 1 of 1: 'secret' is an object, not a string"],
  ['moveFrom not a list of strings', { nodes: [{ ...node, moveFrom: [1] }] }, "node 1 of 1: 'moveFrom' is not a list of strings"],
];

for (const [what, content, problem] of cases) {
  test(`nodes.json with ${what}: CORRUPT naming the file and "${problem}"; a save does not write over it`, async () => {
    const text = `${JSON.stringify(content)}\n`;
    const { store, file } = await storeWith(text);
    const refused = (err: unknown) => {
      assert.ok(err instanceof AlveoError, String(err));
      assert.equal(err.code, 'CORRUPT');
      assert.equal(err.file, file);
      assert.equal(err.message, `${file}: the PACS node list is damaged (${problem}): mend it, or move it away to start a new list`);
      return true;
    };
    await assert.rejects(store.list(), refused);
    await assert.rejects(store.node('n1'), refused);
    await assert.rejects(store.save({ name: 'Another', address: 'OTHER@127.0.0.1:4243' }), refused);
    assert.equal(await readFile(file, 'utf8'), text);
  });
}

test('no nodes.json is no nodes; a saved list reads back', async () => {
  const home = await tempDir('alveo-pacs-nodes-');
  const store = new PacsNodeStore(home);
  assert.deepEqual(await store.list(), []);
  const saved = await store.save({ name: 'Radiology', address: 'ORTHANC@127.0.0.1:4242', callingAe: 'ALVEO', movePort: 11112, moveFrom: ['127.0.0.1'] });
  assert.deepEqual(await new PacsNodeStore(home).list(), [saved]);
});

test("nodes.json carries its format's version; one from a newer Alveo is refused by name and left as it is", async () => {
  const home = await tempDir('alveo-pacs-nodes-');
  await new PacsNodeStore(home).save({ name: 'Radiology', address: 'ORTHANC@127.0.0.1:4242' });
  const file = join(home, 'pacs', 'nodes.json');
  const written = JSON.parse(await readFile(file, 'utf8')) as { version: number; nodes: unknown[] };
  assert.equal(written.version, 1);
  assert.equal(written.nodes.length, 1);
  const text = JSON.stringify({ ...written, version: 2 });
  await writeFile(file, text);
  await assert.rejects(new PacsNodeStore(home).list(), (err: unknown) => err instanceof AlveoError && err.code === 'UNSUPPORTED' && /written by a newer Alveo \(format 2/.test(err.message));
  await assert.rejects(new PacsNodeStore(home).save({ name: 'Other', address: 'OTHER@127.0.0.1:4243' }), /newer Alveo/);
  assert.equal(await readFile(file, 'utf8'), text);
});
