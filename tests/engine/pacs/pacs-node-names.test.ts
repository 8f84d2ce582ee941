// Saving a PACS node at a non-English site (review 41): an AE title outside DICOM's default repertoire
// (a kanji, an umlaut) is refused when the node is saved, naming it, and nothing is stored (F1/F9);
// one saved by an older Alveo is refused when used, naming the node to edit. A node's name is one
// name in whichever Unicode form it is typed (F12).
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { AlveoError } from '../../../src-main/api/errors';
import { PacsNodeStore } from '../../../src-main/engine/pacs/pacs-node-store';
import { tempDir } from '../../support/temp-dir';

const NFC = 'Radiologie M\u00fcnchen';
const NFD = 'Radiologie Mu\u0308nchen';

const badArgument = (message: RegExp) => (err: unknown) => {
  assert.ok(err instanceof AlveoError, String(err));
  assert.equal(err.code, 'BAD_ARGUMENT');
  assert.match(err.message, message);
  return true;
};

test('a node whose called or calling AE title is not default-repertoire text is refused on save, and nothing is stored', async () => {
  const home = await tempDir('alveo-pacs-names-');
  const store = new PacsNodeStore(home);
  await assert.rejects(store.save({ name: '東京 PACS', address: '東京PACS@127.0.0.1:41141' }), badArgument(/^called AE title '東京PACS' is not a valid AE title: '東' \(U\+6771\) is not allowed \(up to 16 ASCII letters/));
  await assert.rejects(store.save({ name: 'München', address: 'MÜNCHEN@127.0.0.1:41141' }), badArgument(/called AE title 'MÜNCHEN' is not a valid AE title: 'Ü'/));
  await assert.rejects(store.save({ name: 'Tokyo', address: 'ORTHANC@127.0.0.1:41141', callingAe: 'TÖKYO-CR' }), badArgument(/calling AE title 'TÖKYO-CR' is not a valid AE title: 'Ö'/));
  assert.deepEqual(await store.list(), []);
});

test('a node saved before AE titles were checked is refused when used, naming the node', async () => {
  const home = await tempDir('alveo-pacs-names-');
  await mkdir(join(home, 'pacs'), { recursive: true });
  await writeFile(join(home, 'pacs', 'nodes.json'), JSON.stringify({ version: 1, nodes: [{ id: 'n1', name: '東京 PACS', address: '東京PACS@127.0.0.1:41141' }] }));
  await assert.rejects(new PacsNodeStore(home).node('n1'), badArgument(/^PACS node '東京 PACS': called AE title '東京PACS' is not a valid AE title: '東' .*: edit it in the PACS tab$/));
});

test('a name typed in NFD is stored as NFC, and is the same name as its NFC twin', async () => {
  const home = await tempDir('alveo-pacs-names-');
  const store = new PacsNodeStore(home);
  const saved = await store.save({ name: NFD, address: 'ORTHANC@127.0.0.1:4242' });
  assert.equal(saved.name, NFC);
  const file = JSON.parse(await readFile(join(home, 'pacs', 'nodes.json'), 'utf8')) as { nodes: { name: string }[] };
  assert.equal(file.nodes[0].name, NFC);
  await assert.rejects(store.save({ name: NFC.toUpperCase(), address: 'OTHER@127.0.0.1:4243' }), badArgument(/a PACS node named 'Radiologie München' already exists/));
  // A node already stored in NFD (an older Alveo kept names as typed) is the NFC name's twin too.
  await writeFile(join(home, 'pacs', 'nodes.json'), JSON.stringify({ version: 1, nodes: [{ id: 'n1', name: NFD, address: 'ORTHANC@127.0.0.1:4242' }] }));
  await assert.rejects(store.save({ name: NFC, address: 'OTHER@127.0.0.1:4243' }), badArgument(/already exists/));
});
