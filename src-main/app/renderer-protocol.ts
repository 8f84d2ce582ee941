// The renderer is served from a private app:// style scheme instead of file://, so the page has
// a real origin, every response carries our CSP, and nothing outside out/renderer is reachable.
import { net, protocol } from 'electron';
import { extname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { contentSecurityPolicy } from '../hosts/csp';

export const APP_SCHEME = 'alveo';

// Module scripts are refused without a JavaScript MIME type; do not rely on guessing.
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};
export const APP_ORIGIN = `${APP_SCHEME}://app`;

/** Must run before app 'ready'. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveRenderer(rendererDir: string): void {
  const root = resolve(rendererDir);
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    const file = resolve(join(root, rel));
    const inside = relative(root, file);
    if (url.host !== 'app' || inside.startsWith('..') || inside.includes('\0')) {
      return new Response('not found', { status: 404 });
    }
    const upstream = await net.fetch(pathToFileURL(file).toString()).catch(() => null);
    if (!upstream || !upstream.ok) return new Response('not found', { status: 404 });
    const headers = new Headers(upstream.headers);
    const type = TYPES[extname(file).toLowerCase()];
    if (type) headers.set('Content-Type', type);
    headers.set('Content-Security-Policy', contentSecurityPolicy());
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(upstream.body, { status: 200, headers });
  });
}
