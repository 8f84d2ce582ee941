// Ctrl-C for a command that works through its own list (no engine job, so runJob does not apply):
// the first stops after the item in hand, so every line printed stays whole; the second quits at
// once. Either way it says how far it got, as `alveo score` does.
export interface SigintStop {
  /** Aborted at the first Ctrl-C: check it between items. */
  signal: AbortSignal;
  dispose(): void;
}

/** `done` says how far the work got, e.g. '44 of 60'. */
export function stopOnSigint(done: () => string): SigintStop {
  const stop = new AbortController();
  const onSigint = () => {
    if (stop.signal.aborted) {
      process.stderr.write(`\ncancelled: ${done()} done\n`);
      process.exit(130);
    }
    stop.abort();
    process.stderr.write('\nstopping after this file (Ctrl-C again to quit now)\n');
  };
  process.on('SIGINT', onSigint);
  return { signal: stop.signal, dispose: () => process.off('SIGINT', onSigint) };
}
