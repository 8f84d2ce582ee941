// One HTTP(S) request to a DICOMweb node with node:http/https: basic auth, the node's CA and
// certificate checking for TLS, an inactivity timeout and cancellation. Errors name the node.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { pacsError, socketError } from './pacs-error';
import type { DicomWebNode } from './pacs-node';

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface HttpCall {
  method?: 'GET' | 'POST';
  /** Relative to the node's root, e.g. "/studies?limit=1". */
  path: string;
  accept: string;
  contentType?: string;
  body?: Buffer;
  signal?: AbortSignal;
}

export function dicomWebRequest(node: DicomWebNode, call: HttpCall): Promise<HttpAnswer> {
  const url = new URL(node.url + call.path);
  const headers: Record<string, string> = { accept: call.accept, 'user-agent': 'Alveo' };
  if (node.username !== undefined) headers.authorization = `Basic ${Buffer.from(`${node.username}:${node.password ?? ''}`).toString('base64')}`;
  if (call.contentType) headers['content-type'] = call.contentType;
  if (call.body) headers['content-length'] = String(call.body.length);
  const https = url.protocol === 'https:';
  return new Promise<HttpAnswer>((resolve, reject) => {
    if (call.signal?.aborted) {
      reject(pacsError(node, 'cancelled', 'cancelled'));
      return;
    }
    const req = (https ? httpsRequest : httpRequest)(url, {
      method: call.method ?? 'GET',
      headers,
      ...(https ? { ca: node.ca, rejectUnauthorized: node.rejectUnauthorized !== false } : {}),
    });
    let failed = false;
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      call.signal?.removeEventListener('abort', onAbort);
      reject(socketError(node, err));
    };
    const onAbort = () => {
      fail(pacsError(node, 'cancelled', 'cancelled'));
      req.destroy();
    };
    call.signal?.addEventListener('abort', onAbort, { once: true });
    req.setTimeout(node.timeoutMs, () => {
      const err = Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' });
      fail(err);
      req.destroy(err);
    });
    req.on('error', fail);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', fail);
      res.on('end', () => {
        if (failed) return;
        call.signal?.removeEventListener('abort', onAbort);
        const answer = { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) };
        if (answer.status === 401 || answer.status === 403) {
          failed = true;
          reject(pacsError(node, 'auth', `authentication failed (HTTP ${answer.status}): check the user name and password`));
          return;
        }
        resolve(answer);
      });
    });
    req.end(call.body);
  });
}
