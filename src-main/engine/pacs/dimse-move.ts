// Retrieve by C-MOVE, what most PACSs offer (C-GET is rarer): for the length of the retrieve,
// Alveo listens on the node's receive port as its own AE title, asks the PACS to move the study
// there (the whole study, or the instances listed), and takes each instance in the transfer syntax
// the PACS proposes first (what it stored). The PACS must know Alveo's AE title, host and port (its
// "modalities" list).
import type { association, requests, responses } from 'dcmjs-dimse';
import { associate, InstanceReceiver, isWarning, STATUS_CANCEL, statusError } from './dimse-association';
import { dimseLibrary } from './dimse-library';
import { moveRequests } from './dimse-retrieve-requests';
import type { InstanceRef, RetrievedInstance, TransferOptions } from './pacs-client';
import { pacsError } from './pacs-error';
import type { DimseNode } from './pacs-node';

type Association = association.Association;

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
  const receiver = new InstanceReceiver(sink, opts, instances?.length ?? null);

  class Receiver extends Scp {
    association: Association | undefined;
    override associationRequested(association: Association): void {
      this.association = association;
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
    if (receiver.endWith((s) => s === 0xa801)) {
      throw pacsError(node, 'refused', `C-MOVE refused: the PACS does not know the destination AE title '${node.callingAe}' (add it with this machine's address and port ${movePort})`);
    }
    if (receiver.received === 0) {
      const failed = receiver.endWith((s) => s !== Status.Success && !isWarning(s));
      if (failed) {
        const e = statusError(node, `C-MOVE of study ${studyInstanceUid}`, failed);
        // Most PACSs answer a destination they do not know with a bare failure: say what to check.
        throw pacsError(node, 'refused', `${e.detail} (is '${node.callingAe}' registered on the PACS with this machine's address and port ${movePort}?)`);
      }
      throw pacsError(node, 'not-found', `study ${studyInstanceUid}: no instance arrived on port ${movePort}`);
    }
    return receiver.outcome();
  } finally {
    server.close();
  }
}
