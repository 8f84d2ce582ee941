// The renderer is served from a private app:// style scheme instead of file://, so the page has
// a real origin, every response carries our CSP, and nothing outside out/renderer is reachable.
import { net, protocol } from 'electron';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { contentSecurityPolicy } from '../hosts/csp';

export const APP_SCHEME = 'alveo';
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
    headers.set('Content-Security-Policy', contentSecurityPolicy());
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(upstream.body, { status: 200, headers });
  });
}
