// A C-STORE data set as it arrives (C-GET sub-operations on the association, C-MOVE on the receive
// port), through dcmjs-dimse's store-stream hooks: its bytes are collected and kept as they are
// (raw-dataset), to be written behind a File Meta Information header; only the attributes up to
// the Study Instance UID are read from them, to check and name the instance. A Deflated data set
// is inflated for that reading only: the file keeps it deflated, as the PACS stored it.
import { Writable } from 'node:stream';
import type { association, Dataset, requests } from 'dcmjs-dimse';
import { boundedInflater } from '../studies/dicom/bounded-inflater';
import { dimseLibrary } from './dimse-library';
import { rawDataset } from './raw-dataset';

type PresentationContext = association.PresentationContext;

const DEFLATED_LE = '1.2.840.10008.1.2.1.99';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';

/** The data set's bytes as they come, PDV after PDV, with what the C-STORE command says of it. */
export class ArrivingDataSet extends Writable {
  private readonly chunks: Buffer[] = [];

  constructor(
    readonly sopClassUid: string,
    readonly sopInstanceUid: string,
  ) {
    // write() must never ask to wait: dcmjs-dimse then awaits 'drain' while it goes on with the
    // next PDU, which would put the fragments out of order.
    super({ highWaterMark: Number.MAX_SAFE_INTEGER });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.chunks.push(chunk);
    done();
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** dcmjs-dimse's two store-stream hooks (methods of its Network, which Scp extends). */
export interface StoreStreamHooks {
  createStoreWritableStream(context: PresentationContext, request: requests.CStoreRequest): Writable;
  createDatasetFromStoreWritableStream(writable: Writable, context: PresentationContext, callback: (dataset: Dataset) => void): void;
}

/** Why an arrived data set could not be read (then it has no elements and is refused). */
const problems = new WeakMap<Dataset, string>();

export function arrivalProblem(dataset: Dataset): string | undefined {
  return problems.get(dataset);
}

export function arrivingStream(request: requests.CStoreRequest): ArrivingDataSet {
  return new ArrivingDataSet(request.getAffectedSopClassUid() ?? '', request.getAffectedSopInstanceUid() ?? '');
}

/** The arrived bytes as a data set: elements read up to the Study Instance UID, the bytes kept. `from`: the sender's AE title. */
export function arrivedDataset(writable: Writable, context: PresentationContext, from?: string): Dataset {
  const transferSyntaxUid = context.getAcceptedTransferSyntaxUid() ?? '';
  if (!(writable instanceof ArrivingDataSet)) throw new Error('a C-STORE data set arrived outside Alveo\'s store stream');
  const bytes = writable.bytes();
  let elements: Record<string, unknown> = {};
  let problem: string | undefined;
  try {
    const deflated = transferSyntaxUid === DEFLATED_LE;
    const readable = deflated ? Buffer.from(boundedInflater()(bytes, 0)) : bytes;
    const header = new (dimseLibrary().Dataset)(readable, deflated ? EXPLICIT_LE : transferSyntaxUid, {
      ignoreErrors: true,
      untilTag: '0020000D',
      includeUntilTagValue: true,
      stopOnGreaterTag: true,
    });
    elements = header.getElements();
  } catch (err) {
    problem = `its data set (${transferSyntaxUid}) could not be read: ${err instanceof Error ? err.message : String(err)}`;
  }
  // The command names the instance too: the file meta header needs its class and UID.
  elements.SOPClassUID ??= writable.sopClassUid;
  const dataset = rawDataset(elements, { bytes, transferSyntaxUid, ...(from?.trim() ? { sourceAeTitle: from.trim() } : {}) });
  if (problem) problems.set(dataset, problem);
  return dataset;
}

/**
 * Sets the hooks on a network dcmjs-dimse made (the Client's, for C-GET: it is made inside send()).
 * `from`: the peer's AE title (over C-GET, the PACS called).
 */
export function keepArrivingBytes(network: StoreStreamHooks, from: string): void {
  network.createStoreWritableStream = (_context, request) => arrivingStream(request);
  network.createDatasetFromStoreWritableStream = (writable, context, callback) => callback(arrivedDataset(writable, context, from));
}
