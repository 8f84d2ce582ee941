// One HTTP(S) request to a DICOMweb node with node:http/https: basic auth, the node's CA and
// certificate checking for TLS, cancellation, and three bounds on the answer, as it is held in
// memory whole: the node's timeout for silence (connecting, waiting), the same timeout for the
// whole answer once the request is sent (a node that trickles a byte now and then never goes
// silent: review 10r item 4), and a size limit. Errors name the node.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { pacsError, socketError } from './pacs-error';
import type { DicomWebNode } from './pacs-node';

/** DICOM JSON answers (QIDO-RS pages, STOW-RS replies) are kilobytes to a few MB: beyond this one is runaway. */
export const MAX_JSON_ANSWER_BYTES = 64 * 2 ** 20;
/** A WADO-RS instance: the largest file Alveo opens (1 GiB, load-study.ts), plus room for the multipart framing. */
export const MAX_INSTANCE_ANSWER_BYTES = 2 ** 30 + 2 ** 20;
/**
 * An answer (an instance above all) may be large enough to need longer than the timeout over a
 * slow link: its deadline grows by a second for every this many bytes that arrive, so only an
 * answer slower than this on average runs out (a trickle of a byte every second or two still
 * does, at about the timeout).
 */
export const INSTANCE_MIN_BYTES_PER_SECOND = 64 * 1024;

interface AnswerLimits {
  maxBytes: number;
  /** What is asked for, and what a larger answer means, for the message. */
  what: string;
  /** Bytes per second that extend the deadline; 0: the timeout is the whole allowance. */
  minBytesPerSecond: number;
}

/** An instance retrieval is asked for as multipart DICOM; everything else answers in DICOM JSON. */
function limitsFor(call: HttpCall): AnswerLimits {
  const instance = /^multipart\/related/i.test(call.accept);
  return {
    maxBytes: call.maxAnswerBytes ?? (instance ? MAX_INSTANCE_ANSWER_BYTES : MAX_JSON_ANSWER_BYTES),
    what: instance ? 'one instance: a runaway answer' : 'a DICOM JSON answer: a runaway answer, or a search to narrow',
    // A long QIDO answer streaming in steadily is no trickle: JSON earns time by its bytes too.
    minBytesPerSecond: INSTANCE_MIN_BYTES_PER_SECOND,
  };
}

/** Seconds as socketError words them: one decimal below ten. */
function seconds(ms: number): string {
  return ms < 10_000 ? (ms / 1000).toFixed(1) : String(Math.round(ms / 1000));
}

function mib(bytes: number): string {
  return `${Math.round(bytes / 2 ** 20)} MiB`;
}

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
  /** Overrides the size limit chosen from `accept` (limitsFor). */
  maxAnswerBytes?: number;
}

export function dicomWebRequest(node: DicomWebNode, call: HttpCall): Promise<HttpAnswer> {
  const url = new URL(node.url + call.path);
  const headers: Record<string, string> = { accept: call.accept, 'user-agent': 'Alveo' };
  if (node.username !== undefined) headers.authorization = `Basic ${Buffer.from(`${node.username}:${node.password ?? ''}`).toString('base64')}`;
  if (call.contentType) headers['content-type'] = call.contentType;
  if (call.body) headers['content-length'] = String(call.body.length);
  const https = url.protocol === 'https:';
  const limits = limitsFor(call);
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
    let received = 0;
    let deadline: NodeJS.Timeout | undefined;
    const settle = () => {
      clearTimeout(deadline);
      call.signal?.removeEventListener('abort', onAbort);
    };
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      settle();
      reject(socketError(node, err));
    };
    const giveUp = (err: Error) => {
      fail(err);
      req.destroy();
    };
    const onAbort = () => giveUp(pacsError(node, 'cancelled', 'cancelled'));
    call.signal?.addEventListener('abort', onAbort, { once: true });
    req.setTimeout(node.timeoutMs, () => {
      const err = Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' });
      fail(err);
      req.destroy(err);
    });
    const tooLarge = () => pacsError(node, 'protocol', `answer larger than ${mib(limits.maxBytes)}, the most Alveo takes for ${limits.what}`);
    let answering = false;
    // The whole answer must come within the timeout from when the request is sent (a STOW-RS
    // upload is covered by the silence timeout), extended by what arrives for an instance.
    req.on('finish', () => {
      if (failed) return;
      const sent = performance.now();
      const check = () => {
        if (failed) return;
        const allowed = node.timeoutMs + (limits.minBytesPerSecond ? (received / limits.minBytesPerSecond) * 1000 : 0);
        const left = sent + allowed - performance.now();
        if (left > 0) {
          deadline = setTimeout(check, left);
          return;
        }
        // Nothing at all is silence, worded as the silence timeout words it (the two race).
        if (!answering) giveUp(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }));
        else giveUp(pacsError(node, 'timeout', `${new URL(node.url).host} did not finish answering within ${seconds(allowed)} s (${received} bytes came in that time)`));
      };
      deadline = setTimeout(check, node.timeoutMs);
    });
    req.on('error', fail);
    req.on('response', (res) => {
      answering = true;
      if (Number(res.headers['content-length']) > limits.maxBytes) {
        giveUp(tooLarge());
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => {
        received += c.length;
        if (received > limits.maxBytes) giveUp(tooLarge());
        else chunks.push(c);
      });
      res.on('error', fail);
      res.on('end', () => {
        if (failed) return;
        settle();
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
