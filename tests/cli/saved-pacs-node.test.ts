// `alveo pacs … --server NAME` at a non-English site (review 41 F12): "Radiologie München" pasted
// from a macOS file name (NFD) finds the node saved as typed (NFC), and the other way round. And
// AE titles outside DICOM's default repertoire (F1/F9): `--calling-ae`, the called AE of --server,
// and a saved node's are refused as usage errors naming the value, never a crash with a stack trace.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { savedPacsNode } from '../../src-main/cli/saved-pacs-node';
import { PacsNodeStore } from '../../src-main/engine/pacs/pacs-node-store';
import { tempDir } from '../support/temp-dir';
import { runCli } from './support/run-cli';

const NFC = 'Radiologie M\u00fcnchen';
const NFD = 'Radiologie Mu\u0308nchen';

test('--server NAME finds a saved node in either Unicode form and any case', async () => {
  const home = await tempDir('alveo-cli-names-');
  const { id } = await new PacsNodeStore(home).save({ name: NFC, address: 'ORTHANC@127.0.0.1:4242' });
  for (const typed of [NFC, NFD, NFD.toLowerCase(), ` ${NFC} `]) assert.equal((await savedPacsNode(home, typed, {})).id, id, JSON.stringify(typed));
  // A node stored in NFD (kept as typed by an older Alveo) is found by its NFC name.
  await writeFile(join(home, 'pacs', 'nodes.json'), JSON.stringify({ version: 1, nodes: [{ id: 'n1', name: NFD, address: 'ORTHANC@127.0.0.1:4242' }] }));
  assert.equal((await savedPacsNode(home, NFC, {})).id, 'n1');
  await assert.rejects(savedPacsNode(home, 'Radiologie Munchen', {}), (err: unknown) => String(err).endsWith(`nor a saved node's name; saved nodes: '${NFD}'`));
});

test('AE titles outside the default repertoire: a usage error naming the value and what is allowed, no stack trace', async () => {
  const home = await tempDir('alveo-cli-names-');
  await mkdir(join(home, 'pacs'), { recursive: true });
  // Saved by an older Alveo, which did not check: refused naming the node.
  await writeFile(join(home, 'pacs', 'nodes.json'), JSON.stringify({ version: 1, nodes: [{ id: 'n1', name: '東京 PACS', address: '東京PACS@127.0.0.1:9' }] }));
  const cases: [string[], RegExp][] = [
    [['--server', '東京PACS@127.0.0.1:9'], /^alveo pacs: called AE title '東京PACS' is not a valid AE title: '東' \(U\+6771\) is not allowed \(up to 16 ASCII letters, digits, spaces and punctuation other than backslash/m],
    [['--server', 'MÜNCHEN@127.0.0.1:9'], /called AE title 'MÜNCHEN' is not a valid AE title: 'Ü' \(U\+00DC\) is not allowed/],
    [['--server', 'ORTHANC@127.0.0.1:9', '--calling-ae', '東京'], /--calling-ae '東京' is not a valid AE title: '東' \(U\+6771\) is not allowed/],
    [['--server', 'ORTHANC@127.0.0.1:9', '--calling-ae', 'TÖKYO-CR'], /--calling-ae 'TÖKYO-CR' is not a valid AE title: 'Ö'/],
    [['--server', '東京 PACS'], /saved PACS node '東京 PACS': called AE title '東京PACS' is not a valid AE title/],
  ];
  for (const [args, message] of cases) {
    const r = await runCli(['pacs', 'echo', ...args], { ALVEO_HOME: home });
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
    assert.doesNotMatch(r.stderr, /RangeError|\n\s+at /, args.join(' '));
  }
});
