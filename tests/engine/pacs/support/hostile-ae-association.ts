// Child process of association-library-throw.test.ts: an association whose called AE title
// dcmjs-dimse cannot write (a kanji: RangeError in AAssociateRQ.write), to a peer that accepts the
// connection (dcmtk storescp at argv[2]:argv[3]). The node bypasses parsePacsNode's check on purpose:
// whatever the library throws must come back as the promise's rejection. Prints the outcome as one
// JSON line; a throw that escapes instead ends this process with a stack trace and exit code 1.
import { associate } from '../../../../src-main/engine/pacs/dimse-association';
import { dimseLibrary } from '../../../../src-main/engine/pacs/dimse-library';
import { PacsError } from '../../../../src-main/engine/pacs/pacs-error';
import type { DimseNode } from '../../../../src-main/engine/pacs/pacs-node';

const [host, port, calledAe, callingAe] = process.argv.slice(2);
const node: DimseNode = { kind: 'dimse', name: '東京 PACS', calledAe, host, port: Number(port), callingAe, timeoutMs: 10_000 };
const { requests } = dimseLibrary();
const t0 = Date.now();
try {
  await associate(node, [new requests.CEchoRequest()]);
  console.log(JSON.stringify({ outcome: 'resolved' }));
} catch (err) {
  console.log(JSON.stringify({ outcome: 'rejected', pacsError: err instanceof PacsError, failure: err instanceof PacsError ? err.failure : null, message: String((err as Error).message), ms: Date.now() - t0 }));
}
