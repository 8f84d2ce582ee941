// Review 41 F1: a throw inside dcmjs-dimse during an association (here: writing an A-ASSOCIATE-RQ
// whose called or calling AE title holds a kanji) escaped as an unhandled error and ended the whole
// process: the web host with everything it was doing. It must become the association's PacsError,
// naming the node. parsePacsNode refuses such titles now; this drives the association layer with
// one anyway, in a child process (an escaped throw kills the process it happens in), against a real
// dcmtk storescp that accepts the connection.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { tempDir } from '../../support/temp-dir';
import { startStoreScp, storescpMissing, type StoreScp } from './support/storescp';

const skip = storescpMissing();
const CHILD = join(import.meta.dirname, 'support', 'hostile-ae-association.ts');
const ECHO_ONLY = `
[[TransferSyntaxes]]
[Explicit]
TransferSyntax1 = LittleEndianExplicit

[[PresentationContexts]]
[Echo]
PresentationContext1 = VerificationSOPClass\\Explicit

[[Profiles]]
[Default]
PresentationContexts = Echo
`;
let scp: StoreScp;
let port: string;

before(async () => {
  if (skip) return;
  scp = await startStoreScp(await tempDir('alveo-hostile-ae-'), 'STORESCP', ECHO_ONLY);
  port = scp.dimse.split(':').at(-1) as string;
});
after(async () => {
  await scp?.stop();
});

function runChild(calledAe: string, callingAe: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, '127.0.0.1', port, calledAe, callingAe], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

for (const [which, calledAe, callingAe] of [
  ['called', '東京PACS', 'ALVEO'],
  ['calling', 'STORESCP', '東京'],
] as const) {
  test(`a ${which} AE title dcmjs-dimse cannot write: the association rejects with a PacsError naming the node; the process lives on`, { skip }, async () => {
    const r = await runChild(calledAe, callingAe);
    assert.equal(r.code, 0, `the child process died:\n${r.stderr}`);
    assert.doesNotMatch(r.stderr, /RangeError/);
    const outcome = JSON.parse(r.stdout.trim()) as { outcome: string; pacsError: boolean; failure: string; message: string; ms: number };
    assert.equal(outcome.outcome, 'rejected');
    assert.ok(outcome.pacsError, outcome.message);
    assert.equal(outcome.failure, 'protocol');
    assert.ok(
      outcome.message.startsWith(`PACS 東京 PACS (${calledAe}@127.0.0.1:${port}): the DICOM library failed while writing the association request (called AE title '${calledAe}', calling AE title '${callingAe}'): `),
      outcome.message,
    );
    // At once, not after the 10 s association timeout.
    assert.ok(outcome.ms < 5000, `${outcome.ms} ms`);
  });
}

test('the same association with ASCII AE titles succeeds: catching the library throws leaves its normal work alone', { skip }, async () => {
  const r = await runChild('STORESCP', 'ALVEO');
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout.trim()), { outcome: 'resolved' });
});
