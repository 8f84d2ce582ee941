// One DIMSE association through dcmjs-dimse: send requests, wait until it closes, and turn what
// went wrong into a PacsError naming the node (rejected, unknown AE title, unreachable, timeout,
// cancelled, ended before a request's final response). Also the receiving side shared by C-GET
// and C-MOVE retrieves, which writes each instance as the bytes that arrived.
import { writeFile } from 'node:fs/promises';
import type { Client as DimseClient, Dataset, requests, responses } from 'dcmjs-dimse';
import { arrivalProblem, keepArrivingBytes, type StoreStreamHooks } from './arriving-dataset';
import { dimseLibrary } from './dimse-library';
import { part10File } from './file-meta-header';
import { rawBytesOf } from './raw-dataset';
import type { RetrievedInstance, TransferOptions } from './pacs-client';
import { callingAeHint, pacsError, socketError, type PacsError } from './pacs-error';
import type { DimseNode } from './pacs-node';

type Request = requests.Request;

export const STATUS_PENDING = [0xff00, 0xff01];
export const STATUS_CANCEL = 0xfe00;
export const isWarning = (s: number) => s === 0x0001 || (s >= 0xb000 && s <= 0xbfff);

export interface AssociationOptions {
  signal?: AbortSignal;
  setup?: (client: DimseClient) => void;
  /** Requests to C-CANCEL (then abort) when the signal fires. */
  cancellable?: Request[];
  /**
   * What the requests are ('C-FIND'): each must get its final response. A PACS that aborts or
   * closes the association first has answered only part, which must not pass for the whole.
   */
  answered?: string;
}

function rejection(node: DimseNode, e: { result?: number; source?: number; reason?: number }): PacsError {
  const { RejectReason } = dimseLibrary().constants;
  if (e.reason === RejectReason.CalledAeNotRecognized) {
    return pacsError(node, 'unknown-ae', `association rejected: the PACS does not know the called AE title '${node.calledAe}'`);
  }
  if (e.reason === RejectReason.CallingAeNotRecognized) {
    return pacsError(node, 'rejected', `association rejected: the PACS does not accept the calling AE title '${node.callingAe}' (register it on the PACS, or use another --calling-ae)`);
  }
  return pacsError(node, 'rejected', `association rejected (result ${e.result}, source ${e.source}, reason ${e.reason}): ${callingAeHint(node)}`);
}

export interface AssociationEnd {
  /** The PACS aborted the association (A-ABORT) before answering any request: most likely it refuses us. */
  abortedBeforeAnswer: boolean;
}

export function associate(node: DimseNode, reqs: Request[], opts: AssociationOptions = {}): Promise<AssociationEnd> {
  const { Client } = dimseLibrary();
  return new Promise<AssociationEnd>((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(pacsError(node, 'cancelled', 'cancelled'));
      return;
    }
    const client = new Client();
    for (const r of reqs) client.addRequest(r);
    let failure: PacsError | null = null;
    let settled = false;
    let peerAborted = false;
    let responded = false;
    for (const r of reqs) r.on('response', () => (responded = true));
    const unanswered = new Set(opts.answered ? reqs : []);
    for (const r of unanswered) {
      r.on('response', (res: responses.Response) => {
        if (!STATUS_PENDING.includes(res.getStatus())) unanswered.delete(r);
      });
    }
    const settle = () => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      // An abort before any answer is how a PACS (Orthanc) turns away a calling AE title it does not know.
      const abortedBeforeAnswer = peerAborted && !responded;
      if (!failure && unanswered.size) {
        const how = peerAborted ? ` (the PACS aborted it)${abortedBeforeAnswer ? `: ${callingAeHint(node)}` : ''}` : '';
        failure = pacsError(node, 'protocol', `the association ended before the PACS answered the ${opts.answered}${how}`);
      }
      if (failure) reject(failure);
      else resolve({ abortedBeforeAnswer });
    };
    const fail = (e: PacsError) => {
      failure ??= e;
    };
    const onAbort = () => {
      fail(pacsError(node, 'cancelled', 'cancelled'));
      for (const r of opts.cancellable ?? []) {
        try {
          client.cancel(r as requests.CGetRequest);
        } catch {
          // not started yet
        }
      }
      client.abort();
      // An aborted association may not report 'closed' when the socket was never opened.
      setTimeout(settle, 1000).unref();
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    client.on('associationRejected', (e: { result?: number; source?: number; reason?: number }) => fail(rejection(node, e)));
    client.on('networkError', (err: Error) => {
      fail(socketError(node, err));
      // dcmjs-dimse reports a timeout but leaves the socket open: a peer that accepted and never
      // answers would hold it (and the CLI's process) until it hangs up itself.
      destroySocket(client);
      setTimeout(settle, 200).unref();
    });
    client.on('closed', settle);
    opts.setup?.(client);
    try {
      client.send(node.host, node.port, node.callingAe, node.calledAe, {
        connectTimeout: node.timeoutMs,
        associationTimeout: node.timeoutMs,
        pduTimeout: node.timeoutMs,
        // Values a little outside their VR (common in the wild) must not stop a transfer.
        datasetWriteOptions: { allowInvalidVRLength: true },
        datasetReadOptions: { ignoreErrors: true },
      });
    } catch (err) {
      fail(socketError(node, err));
      settle();
      return;
    }
    const network = networkOf(client);
    if (network) {
      catchLibraryThrows(network, (err, event) => {
        const during = event === 'connect' ? 'writing the association request' : `handling '${event}'`;
        fail(pacsError(node, 'protocol', `the DICOM library failed while ${during} (called AE title '${node.calledAe}', calling AE title '${node.callingAe}'): ${err instanceof Error ? err.message : String(err)}`));
        destroySocket(client);
        setTimeout(settle, 200).unref();
      });
    }
    // C-STOREs coming back on this association (C-GET) keep the bytes they arrive as.
    if (network) keepArrivingBytes(network, node.calledAe);
    // dcmjs-dimse's Client ignores a PACS's A-ABORT, so the socket would wait for a timeout.
    network?.on('abort', () => {
      peerAborted = true;
      destroySocket(client);
      setTimeout(settle, 200).unref();
    });
  });
}

type EmitDone = (err?: unknown, ...rest: unknown[]) => void;

interface Network extends StoreStreamHooks {
  socket?: { destroy(): void };
  on(event: 'abort', listener: () => void): void;
  /** async-event-emitter2's: the listeners in turn, then `done` with the first one's throw. */
  emit(event: string, data?: unknown, done?: EmitDone): boolean;
}

/**
 * dcmjs-dimse's network runs its listeners (the Client's: write the A-ASSOCIATE-RQ on 'connect', the
 * requests on 'associationAccepted') through async-event-emitter2, which turns a throw there (an AE
 * title it cannot encode: RangeError) into a rejected promise nobody holds: an unhandled rejection
 * that ends the whole process (the web host with all it was doing, the CLI with a raw stack). Each
 * event emitted without a callback gets one here, so the throw reaches `onThrow` instead. Events
 * emitted with a callback keep theirs: the library passes its DIMSE responses through it.
 */
function catchLibraryThrows(network: Network, onThrow: (err: unknown, event: string) => void): void {
  const emit = network.emit.bind(network);
  network.emit = (event, data, done) => {
    if (typeof done === 'function' || typeof data === 'function') return emit(event, data, done);
    return emit(event, data, (err) => {
      if (err) onThrow(err, event);
    });
  };
}

/** The association's network (dcmjs-dimse keeps it in client.network while connected). */
function networkOf(client: DimseClient): Network | undefined {
  return (client as unknown as { network?: Network }).network;
}

/** The association's TCP socket, closed for good. */
function destroySocket(client: DimseClient): void {
  networkOf(client)?.socket?.destroy();
}

export function statusError(node: DimseNode, what: string, r: responses.Response): PacsError {
  const comment = r.getErrorComment?.() ? `: ${r.getErrorComment()}` : '';
  return pacsError(node, 'refused', `${what} failed with status 0x${r.getStatus().toString(16).padStart(4, '0')}${comment}`);
}

export function text(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map(text).join('\\');
  return String(v);
}

const uidOf = (dataset: Dataset, keyword: string) => text(dataset.getElement(keyword)).replace(/\0/g, '').trim();

/**
 * A received data set as an instance for the sink: its bytes as they arrived, behind a File Meta
 * Information header made for them (arriving-dataset kept them). Never re-encoded: the copy is the
 * PACS's object, private elements and all, under the same SOP Instance UID.
 */
function receivedInstance(dataset: Dataset): RetrievedInstance {
  const raw = rawBytesOf(dataset);
  // Only Alveo's store stream makes data sets: one without bytes must not be re-encoded instead.
  if (!raw) throw new Error('a received data set came without its bytes');
  const meta = { sopClassUid: uidOf(dataset, 'SOPClassUID'), sopInstanceUid: uidOf(dataset, 'SOPInstanceUID'), transferSyntaxUid: raw.transferSyntaxUid, sourceAeTitle: raw.sourceAeTitle };
  return {
    sopInstanceUid: meta.sopInstanceUid,
    writeTo: (path) => writeFile(path, part10File(meta, raw.bytes)),
  };
}

type RetrieveResponse = responses.CGetResponse | responses.CMoveResponse;

/**
 * The receiving side of one C-GET or C-MOVE retrieve (one request or several, e.g. one per
 * series): answers each C-STORE sub-operation after the sink has kept the instance (so the PACS
 * learns of a failed write), counts what arrived and follows the PACS's pending responses for the
 * total, unless the caller knows it (listed instances).
 */
export class InstanceReceiver {
  received = 0;
  /** The first write that failed: thrown once the association has ended. */
  sinkError: unknown = null;
  /** The final response of each followed request. */
  readonly ends: RetrieveResponse[] = [];
  private failedWrites = 0;
  private total: number | null;
  private readonly totalKnown: boolean;

  /** Instances refused because they are not of the study asked for (anyone can reach a C-MOVE port). */
  foreign = 0;
  /** Instances Alveo refused itself (a data set it could not read, a write that failed): the first reason. */
  private refusedHere = 0;
  private refusedWhy = '';

  constructor(
    private readonly sink: (instance: RetrievedInstance) => Promise<void>,
    private readonly opts: TransferOptions,
    total: number | null = null,
    /** What may arrive: the study's UID, and its instances when they were listed. */
    private readonly expect?: { studyInstanceUid: string; sopInstanceUids?: ReadonlySet<string> },
  ) {
    this.total = total;
    this.totalKnown = total !== null;
  }

  /** Whether a data set is one of those asked for: another study's image must never join this one's folder. */
  private expected(dataset: Dataset): boolean {
    if (!this.expect) return true;
    if (uidOf(dataset, 'StudyInstanceUID') !== this.expect.studyInstanceUid) return false;
    return !this.expect.sopInstanceUids || this.expect.sopInstanceUids.has(uidOf(dataset, 'SOPInstanceUID'));
  }

  private refuse(why: string): void {
    this.refusedHere++;
    this.refusedWhy ||= why;
  }

  /** What Alveo itself refused, in words (the PACS then reports failed sub-operations); null when nothing. */
  refusedByAlveo(): string | null {
    return this.refusedHere ? `Alveo could not keep ${this.refusedHere} instance(s) the PACS sent (${this.refusedWhy})` : null;
  }

  /** Follows a C-GET/C-MOVE request: its pending responses give progress, its final one joins `ends`. */
  follow(req: requests.CGetRequest | requests.CMoveRequest): void {
    req.on('response', (r: RetrieveResponse) => {
      if (!this.pending(r)) this.ends.push(r);
    });
  }

  /** A C-GET/C-MOVE response; returns true while the retrieve is still pending. */
  pending(r: RetrieveResponse): boolean {
    if (!STATUS_PENDING.includes(r.getStatus())) return false;
    const t = (r.getRemaining() ?? 0) + (r.getCompleted() ?? 0) + (r.getFailures() ?? 0) + (r.getWarnings() ?? 0);
    if (t > 0 && !this.totalKnown) this.total = t;
    this.opts.progress?.({ done: this.received, total: this.total });
    return true;
  }

  store(request: requests.CStoreRequest, callback: (r: responses.CStoreResponse) => void): void {
    const { responses: lib, constants } = dimseLibrary();
    const response = lib.CStoreResponse.fromRequest(request);
    const answer = (ok: boolean) => {
      response.setStatus(ok ? constants.Status.Success : constants.Status.ProcessingFailure);
      callback(response);
    };
    const dataset: Dataset | undefined = request.getDataset();
    if (!dataset || this.opts.signal?.aborted) return answer(false);
    const problem = arrivalProblem(dataset) ?? (uidOf(dataset, 'SOPInstanceUID') ? undefined : 'a data set without a SOP Instance UID');
    if (problem) {
      this.refuse(problem);
      return answer(false);
    }
    if (!this.expected(dataset)) {
      this.foreign++;
      return answer(false);
    }
    let instance: RetrievedInstance;
    try {
      instance = receivedInstance(dataset);
    } catch (err) {
      this.refuse(err instanceof Error ? err.message : String(err));
      return answer(false);
    }
    this.sink(instance).then(
      () => {
        this.received++;
        this.opts.progress?.({ done: this.received, total: this.total });
        answer(true);
      },
      (err: unknown) => {
        this.failedWrites++;
        this.sinkError ??= err;
        answer(false);
      },
    );
  }

  /** The first final response whose status passes `test`, if any. */
  endWith(test: (status: number) => boolean): RetrieveResponse | undefined {
    return this.ends.find((r) => test(r.getStatus()));
  }

  /** Instances kept, and failures: our writes plus those the PACS counted in its final responses. */
  outcome(): { instances: number; failed: number } {
    let failed = this.failedWrites;
    for (const end of this.ends) {
      const failures = end.getFailures?.() ?? 0;
      if (Number.isFinite(failures)) failed += failures;
    }
    return { instances: this.received, failed };
  }
}
