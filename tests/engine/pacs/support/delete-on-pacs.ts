// Deletes an instance on the test Orthanc through its REST API (found by its SOP Instance UID), as
// a PACS administrator would: the study then holds other images than a cached copy.
import assert from 'node:assert/strict';
import type { Orthanc } from './orthanc';

export async function deleteOnPacs(pacs: Orthanc, sopInstanceUid: string): Promise<void> {
  const base = `http://127.0.0.1:${pacs.httpPort}`;
  const headers = { authorization: `Basic ${Buffer.from(`${pacs.user}:${pacs.password}`).toString('base64')}` };
  const found = (await (await fetch(`${base}/tools/lookup`, { method: 'POST', headers, body: sopInstanceUid })).json()) as { ID: string; Type: string }[];
  const id = found.find((f) => f.Type === 'Instance')?.ID;
  assert.ok(id, `instance ${sopInstanceUid} is on the PACS`);
  assert.equal((await fetch(`${base}/instances/${id}`, { method: 'DELETE', headers })).status, 200);
}
