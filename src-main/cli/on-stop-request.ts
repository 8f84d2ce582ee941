// Stopping a run from outside: Ctrl-C (SIGINT), SIGTERM (systemd stop, `timeout`, a killed cron
// job), SIGHUP (the terminal closed) and a closed stdout (`| head`, reported as SIGPIPE) all cancel
// alike, so what a run keeps and says does not depend on how it was stopped. Only the exit code
// tells them apart: 128 + the signal's number, as a shell reports a process the signal killed.
// A second signal quits at once. The signals are listened to only while a run can be stopped:
// otherwise they keep their default effect (the process ends).

export type StopCause = 'SIGINT' | 'SIGTERM' | 'SIGHUP' | 'SIGPIPE' | 'SIGBREAK';

/** What a run listens to: on Windows also Ctrl-Break (SIGBREAK), which would otherwise end it on the spot. */
export function stopSignals(platform: NodeJS.Platform = process.platform): NodeJS.Signals[] {
  return platform === 'win32' ? ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] : ['SIGINT', 'SIGTERM', 'SIGHUP'];
}

const SIGNALS = stopSignals();

// SIGBREAK is 21 on Windows.
const EXIT_CODE: Record<StopCause, number> = { SIGHUP: 129, SIGINT: 130, SIGPIPE: 141, SIGTERM: 143, SIGBREAK: 149 };

export interface StopRequest {
  cause: StopCause;
  /** `text` as the stderr line says it, e.g. 'SIGTERM: cancelling (SIGTERM again to quit now)'. */
  describe(text: string): string;
}

export interface StopHandler {
  /** The first request: stop the work, keeping what the command keeps. */
  stop(request: StopRequest): void;
  /** Just before a second request ends the process, e.g. to say how far it got. */
  beforeQuit?(): void;
}

const handlers = new Map<StopHandler, { stopped: boolean }>();
let firstCause: StopCause | null = null;

/** Calls `handler.stop` at the first stop request; returns the function that stops listening. */
export function onStopRequest(handler: StopHandler): () => void {
  if (handlers.size === 0) for (const s of SIGNALS) process.on(s, onSignal);
  handlers.set(handler, { stopped: false });
  return () => {
    handlers.delete(handler);
    if (handlers.size === 0) for (const s of SIGNALS) process.off(s, onSignal);
  };
}

/** A stop from inside the process (stdout closed); with no run to stop, it only sets the exit code. */
export function requestStop(cause: StopCause): void {
  firstCause ??= cause;
  for (const [handler, state] of [...handlers]) {
    // A closed stdout never forces a quit: the run may be writing its partial output.
    if (state.stopped) continue;
    state.stopped = true;
    handler.stop(request(cause));
  }
}

/** The exit code of a run cancelled by a stop request: 130 after Ctrl-C, 143 after SIGTERM, ... */
export function stoppedExitCode(): number {
  return EXIT_CODE[firstCause ?? 'SIGINT'];
}

/** What first stopped this process, if anything did. */
export function stopCause(): StopCause | null {
  return firstCause;
}

/** Ends the process now with the exit code of `cause` (a stop before there is anything to cancel). */
export function quitNow(cause: StopCause): never {
  process.exit(EXIT_CODE[cause]);
}

function onSignal(signal: NodeJS.Signals): void {
  const cause = signal as StopCause;
  firstCause ??= cause;
  for (const [handler, state] of [...handlers]) {
    if (state.stopped) {
      handler.beforeQuit?.();
      quitNow(cause);
    }
    state.stopped = true;
    handler.stop(request(cause));
  }
}

function request(cause: StopCause): StopRequest {
  return {
    cause,
    describe: (text) => {
      if (cause === 'SIGINT') return `${text} (Ctrl-C again to quit now)`;
      if (cause === 'SIGBREAK') return `Ctrl-Break: ${text} (Ctrl-Break again to quit now)`;
      if (cause === 'SIGPIPE') return `stdout was closed: ${text}`;
      return `${cause === 'SIGHUP' ? 'SIGHUP (terminal closed)' : cause}: ${text} (${cause} again to quit now)`;
    },
  };
}
