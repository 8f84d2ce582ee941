// Retrieve by C-MOVE, what most PACSs offer (C-GET is rarer): for the length of the retrieve,
// Alveo listens on the node's receive port as its own AE title, asks the PACS to move the study
// there (the whole study, or the instances listed), and takes each instance in the transfer syntax
// the PACS proposes first (what it stored), kept as the bytes that arrived. The PACS must know
// Alveo's AE title, host and port (its "modalities" list); when it does not, the error says so
// ('move-destination'), so that the caller neither tries the study another way over the same
// C-MOVE nor asks again per study.
import type { Socket } from 'node:net';
import type { Writable } from 'node:stream';
import type { association, Dataset, requests, responses } from 'dcmjs-dimse';
import { arrivedDataset, arrivingStream } from './arriving-dataset';
import { associate, InstanceReceiver, isWarning, STATUS_CANCEL, statusError } from './dimse-association';
import { dimseLibrary } from './dimse-library';
import { moveRequests } from './dimse-retrieve-requests';
import { moveSenders } from './move-senders';
import type { InstanceRef, RetrievedInstance, TransferOptions } from './pacs-client';
import { pacsError, type PacsError } from './pacs-error';
import type { DimseNode } from './pacs-node';

type Association = association.Association;

/** PS3.4 C.4.2.1.5: Refused: Move Destination unknown. */
const STATUS_DESTINATION_UNKNOWN = 0xa801;

/** `sure`: the PACS said so (0xA801); else it failed the move before contacting us, the usual way of saying the same. */
function destinationUnknown(node: DimseNode, movePort: number, why: string, sure: boolean): PacsError {
  const knows = sure ? 'the PACS does not know' : 'the PACS most likely does not know';
  return pacsError(
    node,
    'move-destination',
    `${why}: ${knows} the AE title '${node.callingAe}' as a move destination. Configure it there (with this machine's address and port ${movePort}), or retrieve by C-GET (no receive port)`,
  );
}

/** Whether a final C-MOVE response counts any sub-operation (the PACS got as far as sending). */
function suboperations(r: responses.CMoveResponse | responses.CGetResponse): boolean {
  return (r.getCompleted() ?? 0) + (r.getFailures() ?? 0) + (r.getWarnings() ?? 0) > 0;
}

export async function retrieveByMove(
  node: DimseNode,
  movePort: number,
  studyInstanceUid: string,
  sink: (instance: RetrievedInstance) => Promise<void>,
  opts: TransferOptions = {},
  /** Only these instances of the study; all of it when absent. */
  instances?: InstanceRef[],
): Promise<{ instances: number; failed: number }> {
  const lib = dimseLibrary();
  const { Scp, Server } = lib;
  const { CEchoResponse } = lib.responses;
  const { Status, PresentationContextResult, RejectResult, RejectSource, RejectReason } = lib.constants;
  const receiver = new InstanceReceiver(sink, opts, instances?.length ?? null, {
    studyInstanceUid,
    ...(instances?.length ? { sopInstanceUids: new Set(instances.map((i) => i.sopInstanceUid)) } : {}),
  });

  const senders = await moveSenders(node);
  /** Associations from elsewhere, refused: said when nothing arrived (a PACS storing from another machine). */
  const strangers = new Set<string>();
  let contacted = false;
  class Receiver extends Scp {
    association: Association | undefined;
    private readonly peer: string | undefined;
    constructor(socket: Socket, opts?: ConstructorParameters<typeof Scp>[1]) {
      super(socket, opts);
      this.peer = socket.remoteAddress;
    }
    override associationRequested(association: Association): void {
      this.association = association;
      if (!senders.allows(this.peer)) {
        strangers.add(`'${association.getCallingAeTitle().trim()}' at ${this.peer ?? 'an unknown address'}`);
        this.sendAssociationReject(RejectResult.Permanent, RejectSource.ServiceUser, RejectReason.CallingAeNotRecognized);
        return;
      }
      contacted = true;
      if (association.getCalledAeTitle().trim() !== node.callingAe) {
        this.sendAssociationReject(RejectResult.Permanent, RejectSource.ServiceUser, RejectReason.CalledAeNotRecognized);
        return;
      }
      for (const c of association.getPresentationContexts()) {
        const context = association.getPresentationContext(c.id);
        // The first syntax the PACS proposes is, in practice, the one it stored: no transcoding.
        const [first] = context.getTransferSyntaxUids();
        if (first) context.setResult(PresentationContextResult.Accept, first);
        else context.setResult(PresentationContextResult.RejectTransferSyntaxesNotSupported);
      }
      this.sendAssociationAccept();
    }
    override cEchoRequest(request: requests.CEchoRequest, callback: (r: responses.CEchoResponse) => void): void {
      const r = CEchoResponse.fromRequest(request);
      r.setStatus(Status.Success);
      callback(r);
    }
    // Each data set is kept as the bytes that arrived (arriving-dataset), never re-encoded.
    override createStoreWritableStream(_context: association.PresentationContext, request: requests.CStoreRequest): Writable {
      return arrivingStream(request);
    }
    override createDatasetFromStoreWritableStream(writable: Writable, context: association.PresentationContext, callback: (dataset: Dataset) => void): void {
      callback(arrivedDataset(writable, context, this.association?.getCallingAeTitle()));
    }
    override cStoreRequest(request: requests.CStoreRequest, callback: (r: responses.CStoreResponse) => void): void {
      receiver.store(request, callback);
    }
    override associationReleaseRequested(): void {
      this.sendAssociationReleaseResponse();
    }
  }

  const server = new Server(Receiver);
  let listenError: Error | null = null;
  server.on('networkError', (e: Error) => (listenError ??= e));
  server.listen(movePort, { datasetWriteOptions: { allowInvalidVRLength: true }, datasetReadOptions: { ignoreErrors: true } });
  try {
    const reqs = moveRequests(node.callingAe, studyInstanceUid, instances);
    for (const req of reqs) receiver.follow(req);
    await associate(node, reqs, { signal: opts.signal, cancellable: reqs, answered: 'C-MOVE' });
    if (listenError) throw pacsError(node, 'protocol', `cannot receive on port ${movePort}: ${(listenError as Error).message}`);
    if (receiver.sinkError) throw receiver.sinkError;
    if (receiver.endWith((s) => s === STATUS_CANCEL)) throw pacsError(node, 'cancelled', 'the retrieve was cancelled');
    if (receiver.endWith((s) => s === STATUS_DESTINATION_UNKNOWN)) throw destinationUnknown(node, movePort, 'C-MOVE refused (move destination unknown)', true);
    if (receiver.received === 0 && strangers.size) {
      const from = [...strangers].slice(0, 3).join(', ');
      throw pacsError(
        node,
        'refused',
        `no instance arrived: stores came from ${from}, which is not the PACS's address (${senders.addresses.join(', ')}); if that is the PACS's storage, add its address to the node's "Stores from" (--move-from)`,
      );
    }
    if (receiver.received === 0) {
      const failed = receiver.endWith((s) => s !== Status.Success && !isWarning(s));
      if (failed) {
        // Most PACSs (Orthanc among them) answer a destination they do not know with a bare
        // failure, before any sub-operation and without ever calling our port. Orthanc answers a
        // move that matches nothing the same way: only a whole-study move, which retrieveStudy sends
        // after a C-FIND found the study, lets that shape name the destination (and be remembered).
        const bare = !contacted && !suboperations(failed);
        if (bare && !instances) throw destinationUnknown(node, movePort, `${statusError(node, 'C-MOVE', failed).detail}, before sending anything`, false);
        const e = statusError(node, `C-MOVE of study ${studyInstanceUid}`, failed);
        // The PACS reached this port, so its registration of Alveo is right: say what failed instead.
        const refusedHere = receiver.refusedByAlveo();
        if (refusedHere) throw pacsError(node, 'protocol', `${e.detail}: ${refusedHere}`);
        if (contacted) throw pacsError(node, 'refused', `${e.detail}: the PACS reached port ${movePort} but its sub-operations failed (see the PACS's log)`);
        // A PACS that knows the title but cannot reach this machine fails its sub-operations: say what to check.
        throw pacsError(node, 'refused', `${e.detail} (is '${node.callingAe}' registered on the PACS with this machine's address and port ${movePort}?)`);
      }
      throw pacsError(node, 'not-found', `study ${studyInstanceUid}: no instance arrived on port ${movePort}`);
    }
    return receiver.outcome();
  } finally {
    server.close();
  }
}
