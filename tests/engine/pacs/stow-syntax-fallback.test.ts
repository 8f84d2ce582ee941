// A DICOMweb server that refuses JPEG-LS (STOW-RS failure reason 0xC122) gets Alveo's result
// capture again uncompressed: the same object, every pixel kept; any other refusal stands. Orthanc
// accepts every syntax, so a small STOW-RS endpoint here plays a server that does not (it reads the
// parts with dcmjs, as a server would, and answers in the standard's JSON).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import dcmjs from 'dcmjs';
import { createEngine, sourceTreeDeps, type Engine } from '../../../src-main/engine/index';
import { openPacsClient } from '../../../src-main/engine/pacs/open-pacs-client';
import { parsePacsNode } from '../../../src-main/engine/pacs/pacs-node';
import { loadStudy } from '../../../src-main/engine/studies/load-study';
import { chestPhantom, writeDicom } from '../../fixtures/write-dicom';
import { tempDir } from '../../support/temp-dir';

const JPEG_LS = '1.2.840.10008.1.2.4.80';
let dir: string;
let engine: Engine;
let sr: string;
let sc: string;
let studyId: string;
let server: Server;
let url: string;
/** What the server stored, and the reason it gives for a refusal of a JPEG-LS part (null: accept every syntax). */
const stored: { uid: string; syntax: string; bytes: Buffer }[] = [];
let refuseJpegLsWith: number | null = 0xc122;

function parts(body: Buffer, contentType: string): Buffer[] {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1] ?? '';
  const text = body.toString('latin1');
  return text
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((p) => Buffer.from(p.slice(p.indexOf('\r\n\r\n') + 4, p.length - 2), 'latin1'));
}

before(async () => {
  dir = await tempDir('alveo-stow-fallback-');
  engine = createEngine(sourceTreeDeps({ userDir: join(dir, 'home') }));
  const dcm = await writeDicom(join(dir, 'src.dcm'), {
    rows: 128,
    columns: 128,
    pixels: chestPhantom(128, 128, 60, 3000),
    bitsStored: 12,
    attributes: { PatientID: 'STOW-1', StudyInstanceUID: '1.2.826.0.1.3680043.2.1125.133.1', SeriesInstanceUID: '1.2.826.0.1.3680043.2.1125.133.1.1', SOPInstanceUID: '1.2.826.0.1.3680043.2.1125.133.1.1.1', Modality: 'CR' },
  });
  ({ studyId } = await engine.openStudy(dcm));
  ({ sr, sc } = await engine.saveResultAsDicom(studyId, join(dir, 'out')));
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const ok: string[] = [];
      const failed: [string, number][] = [];
      for (const part of parts(Buffer.concat(chunks), String(req.headers['content-type']))) {
        const dict = dcmjs.data.DicomMessage.readFile(part.buffer.slice(part.byteOffset, part.byteOffset + part.byteLength) as ArrayBuffer);
        const meta = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.meta) as { TransferSyntaxUID: string; MediaStorageSOPInstanceUID: string };
        if (meta.TransferSyntaxUID === JPEG_LS && refuseJpegLsWith !== null) failed.push([meta.MediaStorageSOPInstanceUID, refuseJpegLsWith]);
        else {
          ok.push(meta.MediaStorageSOPInstanceUID);
          stored.push({ uid: meta.MediaStorageSOPInstanceUID, syntax: meta.TransferSyntaxUID, bytes: part });
        }
      }
      const answer = {
        ...(ok.length ? { '00081199': { vr: 'SQ', Value: ok.map((u) => ({ '00081155': { vr: 'UI', Value: [u] } })) } } : {}),
        ...(failed.length ? { '00081198': { vr: 'SQ', Value: failed.map(([u, why]) => ({ '00081155': { vr: 'UI', Value: [u] }, '00081197': { vr: 'US', Value: [why] } })) } } : {}),
      };
      res.writeHead(failed.length ? 409 : 200, { 'content-type': 'application/dicom+json' });
      res.end(JSON.stringify([answer]));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dicom-web`;
});
after(async () => {
  server?.close();
  await engine?.dispose();
});

test('a server refusing JPEG-LS (0xC122) gets the capture again uncompressed, pixel for pixel; the SR goes as it is', async () => {
  stored.length = 0;
  refuseJpegLsWith = 0xc122;
  const results = await openPacsClient(parsePacsNode(url)).store([sr, sc]);
  assert.deepEqual(results.map((r) => [r.ok, r.error ?? null]), [[true, null], [true, null]]);
  assert.equal(results[0].note, undefined);
  assert.match(results[1].note ?? '', /^sent uncompressed: .* does not accept JPEG-LS \(every pixel kept\)$/);
  const capture = stored.find((s) => s.uid === results[1].sopInstanceUid);
  assert.equal(capture?.syntax, '1.2.840.10008.1.2.1');
  await writeFile(join(dir, 'received.dcm'), capture?.bytes ?? Buffer.alloc(0));
  const [sent, got] = [await loadStudy(sc), await loadStudy(join(dir, 'received.dcm'))];
  assert.ok(sent.rgb && got.rgb && sent.rgb.length === got.rgb.length);
  assert.ok(Buffer.from(sent.rgb).equals(Buffer.from(got.rgb)), 'every pixel kept');
  assert.equal(got.attributes.PatientID, 'STOW-1');
});

test('"Send to PACS" says what the node made of it: the capture went uncompressed', async () => {
  stored.length = 0;
  refuseJpegLsWith = 0xc122;
  const node = await engine.savePacsNode({ name: 'No JPEG-LS', address: url });
  const sent = await engine.sendResultToPacs(studyId, node.id);
  assert.equal(sent.notes.length, 1);
  assert.match(sent.notes[0] ?? '', /^sent uncompressed: .* does not accept JPEG-LS/);
  assert.equal(stored.length, 2, 'the SR and the capture arrived');
  refuseJpegLsWith = null;
  const plain = await engine.sendResultToPacs(studyId, node.id);
  assert.deepEqual(plain.notes, [], 'nothing to say when the node took the file as it was');
  // A damaged record of sends is set aside, and the app is told (review 37 F3): never silently emptied.
  await writeFile(join(dir, 'home', 'pacs', 'sent.json'), '{"sent": [tru');
  const afterDamage = await engine.sendResultToPacs(studyId, node.id);
  assert.equal(afterDamage.notes.length, 1, afterDamage.notes.join(' | '));
  assert.match(afterDamage.notes[0] ?? '', /sent\.json was damaged \(not valid JSON.*\): it is kept as sent\.json\.damaged-/);
  assert.ok(afterDamage.record, 'the send is recorded in the new file');
});

test('another refusal (0xA900, data set does not match) is not retried, and is said', async () => {
  stored.length = 0;
  refuseJpegLsWith = 0xa900;
  const results = await openPacsClient(parsePacsNode(url)).store([sc]);
  assert.equal(results[0].ok, false);
  assert.match(results[0].error ?? '', /refused by .* \(failure reason 43264\)/);
  assert.equal(stored.length, 0, 'nothing sent a second time');
});
