// The web door: the same renderer and the same API over HTTP + WebSocket, on 127.0.0.1 only.
// Nothing else on the machine or on a web page can drive it: every request must carry the
// per-session token (API: header; page and assets: ?token= once, then a SameSite=Strict cookie
// holding a separate page key that the API never accepts: browsers send a cookie for 127.0.0.1 to
// every port there, so another local service could read it),
// the Host header must name this server (DNS rebinding), and a foreign Origin is refused.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { decodeFrame, encodeFrame, FRAME_CONTENT_TYPE } from '../../api/codec';
import type { ApiEnvelope, ApiEvent } from '../../api/transport';
import { EVENTS_PATH, TOKEN_HEADER, TOKEN_PROTOCOL_PREFIX } from '../../api/transport';
import { contentSecurityPolicy } from '../csp';
import { dispatch } from '../dispatch';
import type { HostedEngine } from '../hosted-engine';
import { readStaticFile } from './static-files';

export interface WebHostOptions {
  engine: HostedEngine;
  /** Built renderer folder (out/renderer). */
  rendererDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Fixed token (tests); a random one otherwise. */
  token?: string;
}

export interface WebHost {
  port: number;
  token: string;
  origin: string;
  /** The address to open in a browser (carries the token once; the page then drops it). */
  url: string;
  close(): Promise<void>;
}

const COOKIE_PREFIX = 'alveo_page_';
const MAX_BODY = 1 << 20;

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? randomBytes(24).toString('hex');
  const sameToken = sameSecret(token);
  // Opens the page and its assets only (they hold nothing secret): never the API or the events.
  const samePageKey = sameSecret(randomBytes(24).toString('hex'));
  const pageKeyValue = samePageKey.value;
  let port = 0;
  const allowedHosts = (): string[] => [`127.0.0.1:${port}`, `localhost:${port}`];
  const allowedOrigins = (): string[] => allowedHosts().map((h) => `http://${h}`);
  const hostOk = (req: IncomingMessage): boolean => allowedHosts().includes(req.headers.host ?? '');
  const originOk = (req: IncomingMessage): boolean =>
    req.headers.origin === undefined || allowedOrigins().includes(req.headers.origin);

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', `internal error: ${String(err)}`);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostOk(req)) return send(res, 421, 'text/plain; charset=utf-8', 'wrong Host header');
    if (!originOk(req)) return send(res, 403, 'text/plain; charset=utf-8', 'foreign origin refused');
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    if (url.pathname.startsWith('/api/')) return handleApi(req, res, url);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed');
    const queryToken = url.searchParams.get('token') ?? undefined;
    const authorised = sameToken(queryToken) || samePageKey(cookieToken(req, port)) || sameToken(headerToken(req));
    if (!authorised) return send(res, 401, 'text/plain; charset=utf-8', 'token required: open the address Alveo printed');
    const file = await readStaticFile(opts.rendererDir, url.pathname);
    if (!file) return send(res, 404, 'text/plain; charset=utf-8', 'not found');
    const headers: Record<string, string> = {};
    if (sameToken(queryToken)) headers['set-cookie'] = `${COOKIE_PREFIX}${port}=${pageKeyValue}; HttpOnly; SameSite=Strict; Path=/`;
    send(res, 200, file.type, req.method === 'HEAD' ? '' : file.body, headers);
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    // The API takes the token from the header only: a cookie would ride along on forged requests.
    if (!sameToken(headerToken(req))) return send(res, 401, 'text/plain; charset=utf-8', 'token required');
    if (req.method !== 'POST') return send(res, 405, 'text/plain; charset=utf-8', 'POST only');
    // Method names are plain words: taken as sent, so a bad %-escape is an unknown method (400), not a 500.
    const method = url.pathname.slice('/api/'.length);
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim();
    let args: unknown;
    try {
      const body = await readBody(req);
      if (type === FRAME_CONTENT_TYPE) args = decodeFrame(body);
      else if (type === 'application/json') args = body.length ? JSON.parse(body.toString('utf8')) : [];
      else return send(res, 415, 'text/plain; charset=utf-8', `send ${FRAME_CONTENT_TYPE} or application/json`);
    } catch (err) {
      const envelope: ApiEnvelope = { ok: false, error: { code: 'BAD_ARGUMENT', message: `unreadable request: ${String(err)}` } };
      return send(res, 400, FRAME_CONTENT_TYPE, Buffer.from(encodeFrame(envelope)));
    }
    const envelope = await dispatch(opts.engine, method, args);
    const status = envelope.ok ? 200 : envelope.error.code === 'BAD_ARGUMENT' ? 400 : 200;
    send(res, status, FRAME_CONTENT_TYPE, Buffer.from(encodeFrame(envelope)));
  }

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 64 * 1024,
    handleProtocols: (protocols) => {
      for (const p of protocols) if (p.startsWith(TOKEN_PROTOCOL_PREFIX)) return p;
      return false;
    },
  });
  const clients = new Set<WebSocket>();
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node drops its own error listener from an upgraded socket: a reset peer must not end the host.
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://x');
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim())
      .find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX));
    const ok =
      hostOk(req) &&
      originOk(req) &&
      url.pathname === EVENTS_PATH &&
      sameToken(offered?.slice(TOKEN_PROTOCOL_PREFIX.length));
    if (!ok) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      // A malformed or oversized frame is the client's fault: close that socket, keep the host.
      ws.on('error', () => ws.terminate());
      ws.on('close', () => clients.delete(ws));
      ws.on('message', () => ws.close(1008, 'events only'));
    });
  });
  const broadcast = (event: ApiEvent) => {
    const frame = encodeFrame(event);
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(frame);
  };
  const unsubscribeJobs = opts.engine.subscribe(broadcast);
  const unsubscribeNotices = opts.engine.onNotice?.(broadcast) ?? (() => undefined);
  const unsubscribe = () => {
    unsubscribeJobs();
    unsubscribeNotices();
  };

  function send(
    res: ServerResponse,
    status: number,
    type: string,
    body: string | Buffer,
    extra: Record<string, string> = {},
  ): void {
    res.writeHead(status, {
      'content-type': type,
      'content-security-policy': contentSecurityPolicy(allowedOrigins().map((o) => o.replace('http', 'ws'))),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
      'x-frame-options': 'DENY',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      ...extra,
    });
    res.end(body);
  }

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, '127.0.0.1', () => ok());
  }).catch((err: NodeJS.ErrnoException) => {
    unsubscribe();
    wss.close();
    throw new Error(listenProblem(opts.port ?? 0, err));
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    port,
    token,
    origin,
    url: `${origin}/?token=${token}`,
    close: async () => {
      unsubscribe();
      for (const ws of clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

function headerToken(req: IncomingMessage): string | undefined {
  const v = req.headers[TOKEN_HEADER];
  return Array.isArray(v) ? v[0] : v;
}

/** A constant-time check against one secret (`value` keeps it for the one place that hands it out). */
function sameSecret(secret: string): ((candidate: string | undefined) => boolean) & { value: string } {
  const bytes = Buffer.from(secret);
  const check = (candidate: string | undefined): boolean => {
    if (!candidate) return false;
    const b = Buffer.from(candidate);
    return b.length === bytes.length && timingSafeEqual(b, bytes);
  };
  return Object.assign(check, { value: secret });
}

function cookieToken(req: IncomingMessage, port: number): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...rest] = part.trim().split('=');
    if (k === COOKIE_PREFIX + port) return rest.join('=');
  }
  return undefined;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Why the host could not listen, in one line (a taken or privileged --port is the user's to change). */
function listenProblem(port: number, err: NodeJS.ErrnoException): string {
  if (err.code === 'EADDRINUSE') return `port ${port} on 127.0.0.1 is in use (another Alveo, or another program): choose another --port, or leave it out to pick a free one`;
  if (err.code === 'EACCES') return `port ${port} on 127.0.0.1 may not be used by this user (ports below 1024 need privileges): choose another --port, or leave it out to pick a free one`;
  return `cannot listen on port ${port} of 127.0.0.1 (${err.code ?? err.message})`;
}
