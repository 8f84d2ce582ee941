// The renderer's only view of the engine: a Proxy typed as EngineApi over whichever transport
// opened the page (window.alveo in Electron, fetch + WebSocket in the web host).
import type { EngineApi } from '../../../../src-main/api/contract';
import type { AlveoErrorCode, SerializedError } from '../../../../src-main/api/errors';
import type { Unsubscribe } from '../../../../src-main/api/events';
import type { ApiEvent, ApiTransport } from '../../../../src-main/api/transport';

/** An engine error as the renderer sees it: code, plain-words message, and the file it concerns. */
export class ApiError extends Error {
  readonly code: AlveoErrorCode;
  readonly file?: string;
  constructor(e: SerializedError) {
    super(e.message);
    this.name = 'ApiError';
    this.code = e.code;
    this.file = e.file;
  }
}

/**
 * A transport whose event stream opens after the page does (the web host's WebSocket). Without
 * these (Electron's IPC) events flow from the first listener on.
 */
export interface EventStreamOpening {
  /** Resolves once the event stream is open (or, not opening, after a few seconds: see onOpen). */
  ready(): Promise<void>;
  /** `listener` runs each time the stream (re)opens: events sent while it was closed were lost. */
  onOpen(listener: () => void): Unsubscribe;
}

export type ApiClient = EngineApi & {
  onEvent(listener: (event: ApiEvent) => void): Unsubscribe;
  /** Resolves once events sent from now on reach onEvent's listeners (ask for a snapshot after it). */
  eventsReady(): Promise<void>;
  /** `listener` runs each time the event stream reopens after events may have been lost. */
  onEventsOpen(listener: () => void): Unsubscribe;
};

export function createApiClient(transport: ApiTransport & Partial<EventStreamOpening>): ApiClient {
  const methods = new Map<string, (...args: unknown[]) => Promise<unknown>>();
  return new Proxy({} as ApiClient, {
    get(_target, prop) {
      if (prop === 'onEvent') return (listener: (e: ApiEvent) => void) => transport.onEvent(listener);
      if (prop === 'eventsReady') return () => transport.ready?.() ?? Promise.resolve();
      if (prop === 'onEventsOpen') return (listener: () => void) => transport.onOpen?.(listener) ?? (() => undefined);
      // Promise resolution probes for `then`; the client itself is not a thenable.
      if (typeof prop !== 'string' || prop === 'then') return undefined;
      let fn = methods.get(prop);
      if (!fn) {
        fn = async (...args: unknown[]) => {
          const envelope = await transport.call(prop, args);
          if (!envelope.ok) throw new ApiError(envelope.error);
          return envelope.value;
        };
        methods.set(prop, fn);
      }
      return fn;
    },
  });
}
