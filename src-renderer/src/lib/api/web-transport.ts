// Transport for the web host: POST /api/:method with a binary frame, events over one WebSocket.
// The session token arrives once in the page address (?token=) and is kept for this tab only.
import { decodeFrame, encodeFrame, FRAME_CONTENT_TYPE } from '../../../../src-main/api/codec';
import type { ApiEnvelope, ApiEvent, ApiTransport } from '../../../../src-main/api/transport';
import { EVENTS_PATH, TOKEN_HEADER, TOKEN_PROTOCOL_PREFIX } from '../../../../src-main/api/transport';
import type { EventStreamOpening } from './create-api-client';
import { SESSION_ENDED } from './session-ended';

const STORAGE_KEY = 'alveo.token';

/** Reads the token from the address (then removes it from the address bar) or from this tab's storage. */
export function takeSessionToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(STORAGE_KEY, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(STORAGE_KEY);
}

/** How long ready() waits for the socket: a host whose WebSocket never opens must not hang a Start (onOpen catches up later). */
const READY_WAIT_MS = 5000;

export function createWebTransport(token: string): ApiTransport & EventStreamOpening {
  const listeners = new Set<(e: ApiEvent) => void>();
  const openListeners = new Set<() => void>();
  let socket: WebSocket | null = null;
  let retry = 500;
  let opened: (() => void)[] = [];

  function connect(): void {
    const wsUrl = new URL(EVENTS_PATH, window.location.href);
    wsUrl.protocol = wsUrl.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(wsUrl, [TOKEN_PROTOCOL_PREFIX + token]);
    ws.binaryType = 'arraybuffer';
    ws.onmessage = (m) => {
      if (!(m.data instanceof ArrayBuffer)) return;
      const event = decodeFrame(m.data) as ApiEvent;
      for (const l of listeners) l(event);
    };
    ws.onopen = () => {
      retry = 500;
      for (const r of opened.splice(0)) r();
      for (const l of [...openListeners]) l();
    };
    ws.onclose = () => {
      socket = null;
      if (listeners.size) setTimeout(connect, (retry = Math.min(retry * 2, 10_000)));
    };
    socket = ws;
  }

  return {
    async call(method, args): Promise<ApiEnvelope> {
      let res: Response;
      try {
        res = await fetch(`api/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: { 'content-type': FRAME_CONTENT_TYPE, [TOKEN_HEADER]: token },
          body: encodeFrame(args) as BodyInit,
        });
      } catch (err) {
        return { ok: false, error: { code: 'INTERNAL', message: `Alveo is not reachable (${String(err)})` } };
      }
      if ((res.headers.get('content-type') ?? '').startsWith(FRAME_CONTENT_TYPE)) {
        return decodeFrame(await res.arrayBuffer()) as ApiEnvelope;
      }
      const text = await res.text();
      // 401: the host was restarted with a new token, so this tab's token is stale.
      if (res.status === 401) return { ok: false, error: { code: 'INTERNAL', message: SESSION_ENDED } };
      return { ok: false, error: { code: 'INTERNAL', message: `HTTP ${res.status}: ${text}` } };
    },
    ready() {
      // Open, or nothing listening (no socket to wait for); a socket closed with listeners left reconnects.
      if (socket?.readyState === WebSocket.OPEN || (!socket && !listeners.size)) return Promise.resolve();
      return new Promise<void>((done) => {
        opened.push(done);
        setTimeout(() => {
          opened = opened.filter((r) => r !== done);
          done();
        }, READY_WAIT_MS);
      });
    },
    onOpen(listener) {
      openListeners.add(listener);
      return () => openListeners.delete(listener);
    },
    onEvent(listener) {
      listeners.add(listener);
      if (!socket) connect();
      return () => {
        listeners.delete(listener);
        if (!listeners.size) socket?.close();
      };
    },
  };
}
