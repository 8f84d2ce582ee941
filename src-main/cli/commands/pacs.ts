// alveo pacs echo|find|get|send --server URL|AET@HOST:PORT [--calling-ae AE]
// Query and retrieve studies from a PACS and send DICOM files (e.g. Alveo's results) to it.
// DICOMweb nodes: http(s)://host/…/dicom-web (user name: --user or in the URL, password:
// ALVEO_PACS_PASSWORD or in the URL). DIMSE nodes: AET@host:port.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openPacsClient } from '../../engine/pacs/open-pacs-client';
import { parsePacsNode, describeNode, type PacsNode } from '../../engine/pacs/pacs-node';
import { retrieveStudy } from '../../engine/pacs/retrieve-study';
import { parseDateRange, type StudyMatch, type StudyQuery } from '../../engine/pacs/study-query';
import type { TransferProgress } from '../../engine/pacs/pacs-client';
import type { CliCommand } from '../command';

const USAGE = [
  'pacs echo --server S',
  'pacs find --server S [--patient-id X] [--patient-name X] [--date FROM-TO] [--modality CR,DX] [--limit N] [--json]',
  'pacs get --server S STUDY_UID --out DIR',
  'pacs send --server S FILE|FOLDER...',
];
const NODE_NOTE = [
  '  S: http(s)://host/…/dicom-web or AET@host:port; also [--calling-ae AE] [--timeout SECONDS] [--user U] [--ca PEM] [--insecure]',
  '  get over DIMSE uses C-GET; --move-port N uses C-MOVE instead, received on port N (the PACS must know --calling-ae there)',
].join('\n');

const OPTIONS = {
  server: { type: 'string' },
  'calling-ae': { type: 'string' },
  'move-port': { type: 'string' },
  timeout: { type: 'string' },
  user: { type: 'string' },
  ca: { type: 'string' },
  insecure: { type: 'boolean', default: false },
  'patient-id': { type: 'string' },
  'patient-name': { type: 'string' },
  date: { type: 'string' },
  modality: { type: 'string' },
  limit: { type: 'string' },
  json: { type: 'boolean', default: false },
  out: { type: 'string' },
} as const;

class UsageError extends Error {}

export const command: CliCommand = {
  usage: 'pacs echo|find|get|send --server URL|AET@HOST:PORT ...',
  summary: 'query, retrieve and send studies (DICOMweb or DIMSE)',
  async run(argv) {
    const [sub, ...rest] = argv;
    let parsed;
    let node: PacsNode;
    try {
      if (!sub || !['echo', 'find', 'get', 'send'].includes(sub)) throw new UsageError(sub ? `unknown sub-command '${sub}'` : 'which sub-command?');
      parsed = parseArgs({ args: rest, allowPositionals: true, options: OPTIONS });
      const v = parsed.values;
      if (!v.server) throw new UsageError('--server is required');
      const timeout = v.timeout === undefined ? undefined : Number(v.timeout);
      if (timeout !== undefined && !(timeout > 0)) throw new UsageError(`--timeout must be a number of seconds, got '${v.timeout}'`);
      const movePort = v['move-port'] === undefined ? undefined : Number(v['move-port']);
      node = parsePacsNode(v.server, {
        callingAe: v['calling-ae'],
        ...(movePort !== undefined ? { movePort } : {}),
        ...(timeout ? { timeoutMs: timeout * 1000 } : {}),
        ...(v.user ? { username: v.user } : {}),
        ...(process.env.ALVEO_PACS_PASSWORD ? { password: process.env.ALVEO_PACS_PASSWORD } : {}),
        ...(v.ca ? { ca: readFileSync(v.ca, 'utf8') } : {}),
        ...(v.insecure ? { rejectUnauthorized: false } : {}),
      });
    } catch (err) {
      console.error(`alveo pacs: ${(err as Error).message}\nusage: alveo ${command.usage}\n${USAGE.map((u) => `  alveo ${u}`).join('\n')}\n${NODE_NOTE}`);
      return 2;
    }
    const { values: v, positionals } = parsed;
    const abort = new AbortController();
    const onSigint = () => {
      if (abort.signal.aborted) process.exit(130);
      process.stderr.write('\ncancelling (Ctrl-C again to quit now)\n');
      abort.abort();
    };
    process.on('SIGINT', onSigint);
    try {
      if (sub === 'echo') {
        const t0 = performance.now();
        await openPacsClient(node).echo(abort.signal);
        console.log(`${describeNode(node)}: OK (${Math.round(performance.now() - t0)} ms)`);
        return 0;
      }
      if (sub === 'find') return await find(node, v, abort.signal);
      if (sub === 'get') {
        const [uid, ...extra] = positionals;
        if (!uid || extra.length || !v.out) {
          console.error(`usage: alveo ${USAGE[2]}`);
          return 2;
        }
        const r = await retrieveStudy(openPacsClient(node), uid, v.out, { signal: abort.signal, progress: progressPrinter('retrieved') });
        const failed = r.failed ? `, ${r.failed} failed` : '';
        if (v.json) console.log(JSON.stringify({ studyInstanceUid: uid, out: v.out, instances: r.files.length, failed: r.failed }));
        else console.log(`${r.files.length} instance(s) of study ${uid} -> ${v.out}${failed}`);
        return r.failed ? 1 : 0;
      }
      const files = await expand(positionals);
      if (!files.length) {
        console.error(`usage: alveo ${USAGE[3]}`);
        return 2;
      }
      const results = await openPacsClient(node).store(files, { signal: abort.signal, progress: progressPrinter('sent') });
      for (const r of results) {
        if (v.json) console.log(JSON.stringify(r));
        else console.log(r.ok ? `${r.file}: stored (${r.sopInstanceUid})` : `${r.file}: error: ${r.error}`);
      }
      return results.every((r) => r.ok) ? 0 : 1;
    } catch (err) {
      console.error(`alveo pacs ${sub}: ${err instanceof Error ? err.message : String(err)}`);
      return abort.signal.aborted ? 130 : 1;
    } finally {
      process.off('SIGINT', onSigint);
    }
  },
};

async function find(node: PacsNode, v: Record<string, string | boolean | undefined>, signal: AbortSignal): Promise<number> {
  const query: StudyQuery = {};
  if (typeof v['patient-id'] === 'string') query.patientId = v['patient-id'];
  if (typeof v['patient-name'] === 'string') query.patientName = v['patient-name'];
  if (typeof v.date === 'string') Object.assign(query, parseDateRange(v.date));
  if (typeof v.modality === 'string') query.modalities = v.modality.split(',').map((m) => m.trim().toUpperCase()).filter(Boolean);
  if (typeof v.limit === 'string') query.limit = Number(v.limit);
  const studies = await openPacsClient(node).findStudies(query, signal);
  for (const s of studies) console.log(v.json ? JSON.stringify(studyJson(s)) : readable(s));
  if (!v.json) process.stderr.write(`${studies.length} stud${studies.length === 1 ? 'y' : 'ies'}\n`);
  return 0;
}

function studyJson(s: StudyMatch) {
  return {
    studyInstanceUid: s.studyInstanceUid,
    patientId: s.patientId,
    patientName: s.patientName,
    studyDate: s.studyDate,
    modalities: s.modalities,
    description: s.description,
    instances: s.instances,
  };
}

function readable(s: StudyMatch): string {
  return [s.studyDate || '--------', s.patientId || '-', s.patientName || '-', s.modalities.join('/') || '-', s.instances ?? '?', s.description, s.studyInstanceUid].join('  ');
}

/** Files as given; folders expanded to every file under them. */
async function expand(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const s = await stat(p).catch(() => null);
    if (s?.isDirectory()) {
      for (const e of await readdir(p, { withFileTypes: true, recursive: true })) {
        if (e.isFile() && !e.name.startsWith('.')) out.push(join(e.parentPath ?? p, e.name));
      }
    } else out.push(p);
  }
  return out;
}

function progressPrinter(verb: string): (p: TransferProgress) => void {
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - last < 500 && p.done !== p.total) return;
    last = now;
    process.stderr.write(`${verb} ${p.done}${p.total !== null ? `/${p.total}` : ''}\n`);
  };
}
