// Retrieve by C-MOVE, what most PACSs offer (C-GET is rarer): for the length of the retrieve,
// Alveo listens on the node's receive port as its own AE title, asks the PACS to move the study
// there, and takes each instance in the transfer syntax the PACS proposes first (what it stored).
// The PACS must know Alveo's AE title, host and port (its "modalities" list).
import type { association, Dataset, requests, responses } from 'dcmjs-dimse';

type Association = association.Association;
import { associate, isWarning, receivedInstance, STATUS_CANCEL, STATUS_PENDING, statusError } from './dimse-association';
import { dimseLibrary } from './dimse-library';
import type { RetrievedInstance, TransferOptions } from './pacs-client';
import { pacsError } from './pacs-error';
import type { DimseNode } from './pacs-node';

export async function retrieveByMove(
  node: DimseNode,
  movePort: number,
  studyInstanceUid: string,
  sink: (instance: RetrievedInstance) => Promise<void>,
  opts: TransferOptions = {},
): Promise<{ instances: number; failed: number }> {
  const lib = dimseLibrary();
  const { Scp, Server } = lib;
  const { CStoreResponse, CEchoResponse } = lib.responses;
  const { Status, PresentationContextResult, RejectResult, RejectSource, RejectReason } = lib.constants;
  let received = 0;
  let failedWrites = 0;
  let total: number | null = null;
  let sinkError: unknown = null;

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
      const response = CStoreResponse.fromRequest(request);
      const dataset: Dataset | undefined = request.getDataset();
      if (!dataset || opts.signal?.aborted) {
        response.setStatus(Status.ProcessingFailure);
        callback(response);
        return;
      }
      sink(receivedInstance(dataset)).then(
        () => {
          received++;
          opts.progress?.({ done: received, total });
          response.setStatus(Status.Success);
          callback(response);
        },
        (err: unknown) => {
          failedWrites++;
          sinkError ??= err;
          response.setStatus(Status.ProcessingFailure);
          callback(response);
        },
      );
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
    const req = lib.requests.CMoveRequest.createStudyMoveRequest(node.callingAe, studyInstanceUid);
    let final: responses.CMoveResponse | null = null;
    req.on('response', (r: responses.CMoveResponse) => {
      if (STATUS_PENDING.includes(r.getStatus())) {
        const t = (r.getRemaining() ?? 0) + (r.getCompleted() ?? 0) + (r.getFailures() ?? 0) + (r.getWarnings() ?? 0);
        if (t > 0) total = t;
        opts.progress?.({ done: received, total });
      } else final = r;
    });
    await associate(node, [req], { signal: opts.signal, cancellable: [req] });
    if (listenError) throw pacsError(node, 'protocol', `cannot receive on port ${movePort}: ${(listenError as Error).message}`);
    if (sinkError) throw sinkError;
    const end = final as responses.CMoveResponse | null;
    if (end?.getStatus() === STATUS_CANCEL) throw pacsError(node, 'cancelled', 'the retrieve was cancelled');
    if (end && end.getStatus() === 0xa801) {
      throw pacsError(node, 'refused', `C-MOVE refused: the PACS does not know the destination AE title '${node.callingAe}' (add it with this machine's address and port ${movePort})`);
    }
    if (received === 0) {
      if (end && end.getStatus() !== Status.Success && !isWarning(end.getStatus())) {
        const e = statusError(node, `C-MOVE of study ${studyInstanceUid}`, end);
        // Most PACSs answer a destination they do not know with a bare failure: say what to check.
        throw pacsError(node, 'refused', `${e.message.replace(/^PACS [^:]+: /, '')} (is '${node.callingAe}' registered on the PACS with this machine's address and port ${movePort}?)`);
      }
      throw pacsError(node, 'not-found', `study ${studyInstanceUid}: no instance arrived on port ${movePort}`);
    }
    const failures = end?.getFailures?.() ?? 0;
    return { instances: received, failed: failedWrites + (Number.isFinite(failures) ? failures : 0) };
  } finally {
    server.close();
  }
}
