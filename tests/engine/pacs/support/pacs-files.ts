// Files on the test Orthanc byte for byte, through its REST API (no DIMSE, so nothing Alveo does
// touches them): put a file there as it is, and fetch the file it stored for a SOP Instance UID.
// And the data set of a Part-10 file (what follows the meta header), read without Alveo's code,
// inflated when the file is Deflated, to compare two copies of an instance.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import type { Orthanc } from './orthanc';

const DEFLATED = '1.2.840.10008.1.2.1.99';

function rest(pacs: Orthanc): { base: string; headers: Record<string, string> } {
  return { base: `http://127.0.0.1:${pacs.httpPort}`, headers: { authorization: `Basic ${Buffer.from(`${pacs.user}:${pacs.password}`).toString('base64')}` } };
}

export async function uploadToPacs(pacs: Orthanc, bytes: Buffer): Promise<void> {
  const { base, headers } = rest(pacs);
  const r = await fetch(`${base}/instances`, { method: 'POST', headers, body: bytes });
  assert.equal(r.status, 200, `Orthanc took the upload: ${await r.text()}`);
}

export async function fileOnPacs(pacs: Orthanc, sopInstanceUid: string): Promise<Buffer> {
  const { base, headers } = rest(pacs);
  const found = (await (await fetch(`${base}/tools/lookup`, { method: 'POST', headers, body: sopInstanceUid })).json()) as { ID: string; Type: string }[];
  const id = found.find((f) => f.Type === 'Instance')?.ID;
  assert.ok(id, `instance ${sopInstanceUid} is on the PACS`);
  return Buffer.from(await (await fetch(`${base}/instances/${id}/file`, { headers })).arrayBuffer());
}

/** The meta header's end: it starts with (0002,0000) UL, the length of the rest of group 0002. */
function metaEnd(bytes: Buffer): number {
  assert.equal(bytes.toString('latin1', 128, 132), 'DICM', 'a Part-10 file');
  assert.deepEqual([...bytes.subarray(132, 138)], [0x02, 0x00, 0x00, 0x00, 0x55, 0x4c], 'the meta header starts with its group length');
  return 144 + bytes.readUInt32LE(140);
}

export function transferSyntaxOf(bytes: Buffer): string {
  const meta = bytes.subarray(0, metaEnd(bytes)).toString('latin1');
  return /1\.2\.840\.10008\.1\.2[0-9.]*/.exec(meta.slice(meta.indexOf('\x02\x00\x10\x00')))?.[0] ?? '';
}

/** The data set's bytes as written (deflated or not). */
export function dataSetOf(bytes: Buffer): Buffer {
  return bytes.subarray(metaEnd(bytes));
}

/** The data set's bytes, inflated when the file is Deflated. */
export function plainDataSetOf(bytes: Buffer): Buffer {
  const ds = dataSetOf(bytes);
  return transferSyntaxOf(bytes) === DEFLATED ? inflateRawSync(ds) : ds;
}

export const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');
