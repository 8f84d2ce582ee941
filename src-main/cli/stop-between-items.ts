// A stop (Ctrl-C, SIGTERM, SIGHUP, a closed stdout) for a command that works through its own list
// (no engine job, so runJob does not apply): the first stops after the item in hand, so every line
// printed stays whole; a second quits at once. Either way it says how far it got, as `alveo score` does.
import { onStopRequest } from './on-stop-request';

export interface ItemsStop {
  /** Aborted at the first stop request: check it between items. */
  signal: AbortSignal;
  dispose(): void;
}

/** `done` says how far the work got, e.g. '44 of 60'. */
export function stopBetweenItems(done: () => string): ItemsStop {
  const stop = new AbortController();
  const dispose = onStopRequest({
    stop: (request) => {
      stop.abort();
      process.stderr.write(`\n${request.describe('stopping after this file')}\n`);
    },
    beforeQuit: () => process.stderr.write(`\ncancelled: ${done()} done\n`),
  });
  return { signal: stop.signal, dispose };
}
