// The Secondary Capture is written JPEG-LS lossless. A PACS that takes only uncompressed syntaxes
// still gets it: the DIMSE client decompresses it on the way, and the PACS holds every pixel. A
// real Orthanc configured to accept only Implicit and Explicit VR Little Endian.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import dcmjs from 'dcmjs';
import { createEngine, sourceTreeDeps, type Engine } from '../../../src-main/engine/index';
import { openPacsClient } from '../../../src-main/engine/pacs/open-pacs-client';
import { parsePacsNode } from '../../../src-main/engine/pacs/pacs-node';
import { writeCrSeries } from './support/cr-series';
import { dicomToolsMissing } from './support/dicom-tools';
import { orthancMissing, startOrthanc, type Orthanc } from './support/orthanc';

const execFileAsync = promisify(execFile);
const skip = orthancMissing() || dicomToolsMissing();
const STUDY = '1.2.826.0.1.3680043.2.1125.93.1';
const UNCOMPRESSED = ['1.2.840.10008.1.2', '1.2.840.10008.1.2.1'];
let pacs: Orthanc;
let dir: string;
let engine: Engine;

before(async () => {
  if (skip) return;
  dir = await mkdtemp(join(tmpdir(), 'alveo-capture-syntax-'));
  pacs = await startOrthanc({ config: { AcceptedTransferSyntaxes: UNCOMPRESSED } });
  engine = createEngine(sourceTreeDeps({ userDir: join(dir, 'home') }));
});
after(async () => {
  if (skip) return;
  await engine.dispose();
  await pacs.stop();
  await rm(dir, { recursive: true, force: true });
});

/** The pixel bytes of a file's first frame, decompressed by DCMTK where needed. */
async function pixels(file: string, name: string): Promise<Uint8Array> {
  const plain = join(dir, `${name}-plain.dcm`);
  await execFileAsync('dcmconv', ['+te', file, plain]).catch(() => execFileAsync('dcmdjpls', [file, plain]));
  const buf = await readFile(plain);
  const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)).dict);
  return new Uint8Array((ds.PixelData as ArrayBuffer[])[0]);
}

test('a PACS that takes only uncompressed syntaxes gets the JPEG-LS capture decompressed, every pixel kept', { skip }, async () => {
  const [image] = await writeCrSeries(dir, { count: 1, study: STUDY, patientId: 'SYNTAX-1', patientName: 'Syntax^Test', lowStep: 40 });
  const out = join(dir, 'results');
  const { studyId } = await engine.openStudy(image);
  let sc: string;
  let sr: string;
  try {
    const saved = await engine.saveResultAsDicom(studyId, out);
    sc = saved.sc;
    sr = saved.sr;
  } finally {
    await engine.closeStudy(studyId);
  }
  const client = openPacsClient(parsePacsNode(pacs.dimse));
  const stored = await client.store([sc, sr]);
  assert.deepEqual(stored.map((s) => [s.ok, s.error ?? '']), [[true, ''], [true, '']]);

  // What the PACS holds: uncompressed (it accepts nothing else), the same pixels as the file sent.
  const base = `http://127.0.0.1:${pacs.httpPort}`;
  const headers = { authorization: `Basic ${Buffer.from(`${pacs.user}:${pacs.password}`).toString('base64')}` };
  const sopInstanceUid = (await execFileAsync('dcmdump', ['+P', '0008,0018', sc])).stdout.match(/\[([\d.]+)\]/)?.[1];
  const [found] = (await (await fetch(`${base}/tools/lookup`, { method: 'POST', headers, body: sopInstanceUid })).json()) as { ID: string }[];
  const held = join(dir, 'held.dcm');
  await writeFile(held, Buffer.from(await (await fetch(`${base}/instances/${found.ID}/file`, { headers })).arrayBuffer()));
  const syntax = (await execFileAsync('dcmdump', ['+P', '0002,0010', held])).stdout;
  assert.match(syntax, /LittleEndian/, syntax);
  const sent = await pixels(sc, 'sent');
  const got = await pixels(held, 'held');
  assert.equal(got.length, sent.length);
  assert.ok(Buffer.from(got).equals(Buffer.from(sent)), 'the PACS holds every pixel of the capture');
  assert.ok((await readdir(out)).length === 2);
});
