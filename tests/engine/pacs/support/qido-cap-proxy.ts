// An HTTP proxy in front of a real DICOMweb server that caps every QIDO-RS answer at `cap`
// results, as archives do (their own maximum, below any limit asked): the limit is lowered, the
// offset passed on, everything else (WADO-RS, STOW-RS) forwarded as it is.
import { createServer, request } from 'node:http';

export interface QidoCapProxy {
  /** The DICOMweb root through the proxy (http://127.0.0.1:PORT/dicom-web). */
  url: string;
  /** QIDO-RS requests seen (path and query). */
  queries: string[];
  close(): Promise<void>;
}

export async function qidoCapProxy(target: string, cap: number): Promise<QidoCapProxy> {
  const origin = new URL(target);
  const queries: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    if (req.method === 'GET' && /\/(studies|series|instances)$/.test(url.pathname)) {
      const asked = Number(url.searchParams.get('limit') ?? Infinity);
      url.searchParams.set('limit', String(Math.min(asked, cap)));
      queries.push(`${url.pathname}${url.search}`);
    }
    const out = request({ host: origin.hostname, port: origin.port, method: req.method, path: `${url.pathname}${url.search}`, headers: { ...req.headers, host: origin.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}${origin.pathname.replace(/\/$/, '')}`,
    queries,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
