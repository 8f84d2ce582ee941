// What a door carries between the renderer and the engine: one call shape, one event stream.
// Both doors (Electron IPC, the web host) and the renderer's client share these types.
import type { SerializedError } from './errors';
import type { EngineEvent, EngineNotice, Unsubscribe } from './events';
import type { HostEvent } from './host-events';

/** Every call answers with an envelope, so error codes survive any transport. */
export type ApiEnvelope<T = unknown> = { ok: true; value: T } | { ok: false; error: SerializedError };

/** Events a door forwards to the renderer: the engine's own (jobs, notices) plus the host's (menu, dropped files). */
export type ApiEvent = EngineEvent | EngineNotice | HostEvent;

export interface ApiTransport {
  call(method: string, args: unknown[]): Promise<ApiEnvelope>;
  onEvent(listener: (event: ApiEvent) => void): Unsubscribe;
}

/** What the Electron preload exposes on window.alveo (and nothing more). */
export interface PreloadBridge extends ApiTransport {
  /** Native open dialog; resolves to the chosen paths ([] when cancelled). */
  openFileDialog(): Promise<string[]>;
  /** The file-system path of a dropped File (Electron only). */
  pathForFile(file: File): string;
}

/** Header and WebSocket sub-protocol prefix the web host checks for its session token. */
export const TOKEN_HEADER = 'x-alveo-token';
export const TOKEN_PROTOCOL_PREFIX = 'alveo-token.';
export const EVENTS_PATH = '/api/events';

/** Electron IPC channels: calls, events, and the one shell request (the native open dialog). */
export const IPC_CALL_CHANNEL = 'api:call';
export const IPC_EVENT_CHANNEL = 'api:event';
export const IPC_OPEN_DIALOG_CHANNEL = 'app:open-dialog';
