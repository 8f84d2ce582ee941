// The C-MOVE receive port takes stores only from the PACS asked to move: its own address, or the
// machines listed as "Stores from". A real Orthanc on loopback: reached as 127.0.0.2, it calls back
// from 127.0.0.1, which is then someone else; listed, the same retrieve brings the study whole.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { retrieveByMove } from '../../../src-main/engine/pacs/dimse-move';
import { canonicalAddress, moveSenders } from '../../../src-main/engine/pacs/move-senders';
import { openPacsClient } from '../../../src-main/engine/pacs/open-pacs-client';
import { PacsError } from '../../../src-main/engine/pacs/pacs-error';
import { parsePacsNode, type DimseNode } from '../../../src-main/engine/pacs/pacs-node';
import { chestPhantom, writeDicom } from '../../fixtures/write-dicom';
import { tempDir } from '../../support/temp-dir';
import { freePort, orthancMissing, startOrthanc, type Orthanc } from './support/orthanc';

const skip = orthancMissing();
const STUDY = '1.2.826.0.1.3680043.2.1125.95.1';
let pacs: Orthanc;
let movePort: number;

before(async () => {
  if (skip) return;
  const dir = await tempDir('alveo-move-senders-');
  movePort = await freePort();
  pacs = await startOrthanc({ moveDestinations: { ALVEOMOVE: movePort } });
  const files = [];
  for (const i of [1, 2]) {
    files.push(await writeDicom(join(dir, `i${i}.dcm`), { rows: 64, columns: 64, pixels: chestPhantom(64, 64, 40 * i, 3000), bitsStored: 12, attributes: { PatientID: 'SENDERS', StudyInstanceUID: STUDY, SeriesInstanceUID: `${STUDY}.1`, SOPInstanceUID: `${STUDY}.1.${i}`, Modality: 'CR' } }));
  }
  assert.ok((await openPacsClient(parsePacsNode(pacs.dimse)).store(files)).every((s) => s.ok));
});
after(async () => {
  if (!skip) await pacs?.stop();
});

test('addresses compare as hosts: an IPv4 peer on a dual-stack socket, a zone index, case', () => {
  assert.equal(canonicalAddress('::ffff:10.1.2.3'), '10.1.2.3');
  assert.equal(canonicalAddress('FE80::1%eth0'), 'fe80::1');
  assert.equal(canonicalAddress('10.1.2.3'), '10.1.2.3');
  // IPv6 in any spelling is the one the socket reports (review 32: a written-out address never matched).
  assert.equal(canonicalAddress('0:0:0:0:0:0:0:1'), '::1');
  assert.equal(canonicalAddress('[2001:DB8:0:0:0:0:0:1]'), '2001:db8::1');
  assert.equal(canonicalAddress('::ffff:0a00:0005'), '10.0.0.5');
});

test('"Stores from" takes host names and addresses, and refuses anything else, naming it', async () => {
  const node = parsePacsNode('PACS@127.0.0.2:104', { movePort: 11112, moveFrom: [' 127.0.0.1 ', '[::1]', 'localhost'] }) as DimseNode;
  assert.deepEqual(node.moveFrom, ['127.0.0.1', '::1', 'localhost']);
  const senders = await moveSenders(node);
  assert.ok(senders.allows('::ffff:127.0.0.1') && senders.allows('127.0.0.2') && senders.allows('::1'));
  assert.ok(!senders.allows('127.0.0.3') && !senders.allows(undefined));
  assert.throws(() => parsePacsNode('PACS@127.0.0.2:104', { movePort: 11112, moveFrom: ['pacs store'] }), /'pacs store' is not a host name or IP address/);
  assert.throws(() => parsePacsNode('PACS@127.0.0.2:104', { movePort: 11112, moveFrom: ['a/b'] }), /'a\/b' is not a host name/);
});

test('stores from another address than the PACS asked are refused, and the error names the caller and what to set', { skip }, async () => {
  // The same Orthanc, asked at 127.0.0.2: its stores come from 127.0.0.1.
  const node = parsePacsNode(pacs.dimse.replace('127.0.0.1', '127.0.0.2'), { callingAe: 'ALVEOMOVE', movePort }) as DimseNode;
  const kept: string[] = [];
  const err = await retrieveByMove(node, movePort, STUDY, async (i) => void kept.push(i.sopInstanceUid)).then(
    () => null,
    (e: unknown) => e,
  );
  assert.ok(err instanceof PacsError, String(err));
  assert.equal(err.failure, 'refused');
  assert.match(err.detail, /stores came from 'ORTHANC' at (::ffff:)?127\.0\.0\.1, which is not the PACS's address \(127\.0\.0\.2\)/);
  assert.match(err.detail, /"Stores from" \(--move-from\)/);
  assert.deepEqual(kept, [], 'nothing taken from a stranger');
});

test('listed as "Stores from", the same machine brings the study whole', { skip }, async () => {
  const node = parsePacsNode(pacs.dimse.replace('127.0.0.1', '127.0.0.2'), { callingAe: 'ALVEOMOVE', movePort, moveFrom: ['127.0.0.1'] }) as DimseNode;
  const kept: string[] = [];
  const r = await retrieveByMove(node, movePort, STUDY, async (i) => void kept.push(i.sopInstanceUid));
  assert.equal(r.instances, 2);
  assert.deepEqual(kept.sort(), [`${STUDY}.1.1`, `${STUDY}.1.2`]);
});
