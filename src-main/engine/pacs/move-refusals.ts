// A PACS that does not know Alveo's AE title as a C-MOVE destination refuses every move until
// someone configures it there. The first refusal is remembered for the node, as configured, for
// the session: later retrieves from it fail at once with the same words instead of asking the
// PACS again for each study opened. Saving the node again (another AE title or port, C-GET, or the
// same settings once the PACS knows the title) forgets it.
import type { PacsClient } from './pacs-client';
import { PacsError } from './pacs-error';
import { nodeAddress } from './pacs-node';

export class MoveRefusals {
  private readonly refused = new Map<string, { config: string; error: PacsError }>();

  /** The node's client, its retrieves failing at once while its move destination is known refused. */
  guard(nodeId: string, client: PacsClient): PacsClient {
    const node = client.node;
    if (node.kind !== 'dimse' || !node.movePort) return client;
    // nodes.json may also change under a running app (the CLI): another config is not refused.
    const config = `${nodeAddress(node)}|${node.callingAe}|${node.movePort}`;
    const watch = async <T>(retrieve: () => Promise<T>): Promise<T> => {
      const known = this.refused.get(nodeId);
      if (known?.config === config) {
        throw new PacsError(known.error.failure, known.error.node, `${known.error.detail} (found earlier in this session: not asked again until the node's settings are saved)`);
      }
      try {
        return await retrieve();
      } catch (err) {
        if (err instanceof PacsError && err.failure === 'move-destination') this.refused.set(nodeId, { config, error: err });
        throw err;
      }
    };
    return {
      ...client,
      retrieveStudy: (uid, sink, opts) => watch(() => client.retrieveStudy(uid, sink, opts)),
      retrieveInstances: (uid, instances, sink, opts) => watch(() => client.retrieveInstances(uid, instances, sink, opts)),
    };
  }

  /** The node was saved (or deleted): its next retrieve asks the PACS again. */
  forget(nodeId: string): void {
    this.refused.delete(nodeId);
  }
}
