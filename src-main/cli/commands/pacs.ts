// alveo pacs echo|find|get|send --server URL|AET@HOST:PORT [options] (alveo pacs --help lists them)
// Query and retrieve studies from a PACS and send DICOM files (e.g. Alveo's results) to it.
// DICOMweb nodes: http(s)://host/…/dicom-web (user name: --user or in the URL, password:
// ALVEO_PACS_PASSWORD or in the URL). DIMSE nodes: AET@host:port.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { openPacsClient } from '../../engine/pacs/open-pacs-client';
import { DEFAULT_CALLING_AE, DEFAULT_TIMEOUT_MS, checkAeTitle, parsePacsNode, describeNode, type PacsNode } from '../../engine/pacs/pacs-node';
import { retrieveStudy } from '../../engine/pacs/retrieve-study';
import { parseDateRange, type StudyMatch, type StudyQuery } from '../../engine/pacs/study-query';
import type { TransferProgress } from '../../engine/pacs/pacs-client';
import { UsageError } from '../cli-conventions';
import { defineCommand } from '../command';
import { onStopRequest, stoppedExitCode } from '../on-stop-request';
import { isNodeAddress, savedNodeAt, savedPacsNode } from '../saved-pacs-node';
import { recordSentResults } from '../../engine/pacs/record-sent-results';
import { defaultUserDir } from '../../engine/engine-deps';
import { recordCliAction } from '../../engine/audit/audit-log';
import { withoutCredentials } from '../../engine/audit/audited-engine';
import { engineVersion } from '../../engine/engine-version';

const SUBCOMMANDS = ['echo', 'find', 'get', 'send'];
const USAGE = [
  'pacs echo --server S',
  'pacs find --server S [--patient-id X] [--patient-name X] [--date FROM-TO] [--modality CR,DX] [--limit N] [--json]',
  'pacs get --server S STUDY_UID --out DIR [--move-port N [--move-from HOSTS]]',
  'pacs send --server S FILE|FOLDER...',
];

export const command = defineCommand({
  name: 'pacs',
  args: 'echo|find|get|send [ARG...]',
  summary: 'query, retrieve and send studies (DICOMweb or DIMSE)',
  options: {
    server: { type: 'string', arg: 'S', required: true, help: "the node: http(s)://host/…/dicom-web, AET@host:port, or the name of a node saved in the app's PACS tab" },
    'calling-ae': { type: 'string', arg: 'AE', default: DEFAULT_CALLING_AE, help: "DIMSE: Alveo's own AE title" },
    'move-port': { type: 'string', arg: 'N', help: 'get over DIMSE: C-MOVE to this local port (the PACS must know --calling-ae there); else C-GET' },
    'move-from': { type: 'string', arg: 'HOSTS', help: "get over C-MOVE: other machines the PACS stores from, comma-separated (by default only the node's own address may store into the port)" },
    timeout: { type: 'string', arg: 'SECONDS', help: `give up on a node that does not answer within SECONDS (default: ${DEFAULT_TIMEOUT_MS / 1000})` },
    user: { type: 'string', arg: 'U', help: 'DICOMweb user name (password: ALVEO_PACS_PASSWORD or in the URL)' },
    ca: { type: 'string', arg: 'PEM', help: "DICOMweb over https: trust this CA certificate too (the node's own, self-signed)" },
    insecure: { type: 'boolean', help: 'DICOMweb over https: do not check the certificate at all' },
    'patient-id': { type: 'string', arg: 'X', help: 'find: Patient ID' },
    'patient-name': { type: 'string', arg: 'X', help: "find: patient name as DICOM writes it, e.g. 'DOE^JANE'" },
    date: { type: 'string', arg: 'FROM-TO', help: 'find: study date or range: YYYYMMDD, YYYYMMDD-YYYYMMDD, YYYYMMDD- or -YYYYMMDD' },
    modality: { type: 'string', arg: 'CR,DX', help: 'find: modalities in the study, comma-separated' },
    limit: { type: 'string', arg: 'N', help: 'find: at most N studies (default: as many as the PACS returns)' },
    json: { type: 'boolean', help: 'one JSON object per line (find: per study; get: one summary; send: per file)' },
    out: { type: 'string', arg: 'DIR', help: 'get: the folder to write the instances to (files named <SOP Instance UID>.dcm)' },
  },
  help: ['Sub-commands:', ...USAGE.map((u) => `  alveo ${u}`)].join('\n'),
  async run({ values: v, positionals: args }) {
    const [sub, ...positionals] = args;
    if (!sub || !SUBCOMMANDS.includes(sub)) throw new UsageError(sub ? `unknown sub-command '${sub}'` : 'which sub-command? echo, find, get or send');
    const timeout = v.timeout === undefined ? undefined : Number(v.timeout);
    if (timeout !== undefined && !(timeout > 0)) throw new UsageError(`--timeout must be a number of seconds, got '${v.timeout}'`);
    const movePort = v['move-port'] === undefined ? undefined : Number(v['move-port']);
    // Checked as the option it is, before a saved node's settings join it.
    if (v['calling-ae'] !== DEFAULT_CALLING_AE) usage(() => checkAeTitle(v['calling-ae'], '--calling-ae'));
    // A saved node gives its address and settings; options given here win over them.
    const saved = isNodeAddress(v.server) ? null : await savedPacsNode(defaultUserDir(), v.server);
    const callingAe = v['calling-ae'] !== DEFAULT_CALLING_AE ? v['calling-ae'] : (saved?.callingAe ?? v['calling-ae']);
    const port = movePort ?? saved?.movePort;
    const moveFrom = v['move-from'] !== undefined ? v['move-from'].split(',').map((h) => h.trim()).filter(Boolean) : saved?.moveFrom;
    const username = v.user ?? saved?.username;
    let node: PacsNode;
    try {
      node = parsePacsNode(saved?.address ?? v.server, {
        callingAe,
        ...(port !== undefined ? { movePort: port } : {}),
        ...(moveFrom?.length ? { moveFrom } : {}),
        ...(timeout ? { timeoutMs: timeout * 1000 } : {}),
        ...(username ? { username } : {}),
        ...(process.env.ALVEO_PACS_PASSWORD ? { password: process.env.ALVEO_PACS_PASSWORD } : {}),
        ...(v.ca ? { ca: readFileSync(v.ca, 'utf8') } : {}),
        ...(v.insecure ? { rejectUnauthorized: false } : {}),
      });
    } catch (err) {
      // A saved node's own setting (an AE title saved before it was checked) names the node to edit.
      throw new UsageError(`${saved ? `saved PACS node '${saved.name}': ` : ''}${(err as Error).message}`);
    }
    // Patient data in (get) or results out (send): a line in the audit trail, as the app's retrieves
    // and sends leave; the node by its address without credentials. find and echo only look.
    const audit = (outcome: 'done' | 'cancelled' | 'failed', action: string, details: Record<string, unknown>) =>
      recordCliAction(defaultUserDir(), engineVersion, action, { node: withoutCredentials(describeNode(node)), ...details, ...('error' in details ? { error: withoutCredentials(String(details.error)) } : {}) }, outcome);
    const abort = new AbortController();
    const stopListening = onStopRequest({
      stop: (request) => {
        process.stderr.write(`\n${request.describe('cancelling')}\n`);
        abort.abort();
      },
    });
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
        const r = await retrieveStudy(openPacsClient(node), uid, v.out, { signal: abort.signal, progress: progressPrinter('retrieved') }).catch(async (err: unknown) => {
          await audit(abort.signal.aborted ? 'cancelled' : 'failed', 'pacsRetrieve', { study: uid, out: v.out, error: err instanceof Error ? err.message : String(err) });
          throw err;
        });
        await audit('done', 'pacsRetrieve', { study: uid, out: v.out, instances: r.files.length, failed: r.failed });
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
      const results = await openPacsClient(node).store(files, { signal: abort.signal, progress: progressPrinter('sent') }).catch(async (err: unknown) => {
        await audit(abort.signal.aborted ? 'cancelled' : 'failed', 'pacsSend', { files: files.length, error: err instanceof Error ? err.message : String(err) });
        throw err;
      });
      await audit('done', 'pacsSend', { files: files.length, stored: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length, ...(positionals.length <= 20 ? { paths: positionals } : { paths: `${positionals.length} paths` }) });
      for (const r of results) {
        if (v.json) console.log(JSON.stringify(r));
        else console.log(r.ok ? `${r.file}: stored (${r.sopInstanceUid})${r.note ? `: ${r.note}` : ''}` : `${r.file}: error: ${r.error}`);
      }
      // Alveo results sent to a node the app knows are remembered as the app's own sends are.
      const known = saved ?? (await savedNodeAt(defaultUserDir(), v.server));
      if (known) {
        const stored = results.filter((r) => r.ok).map((r) => r.file);
        const { recorded, notices } = await recordSentResults(defaultUserDir(), known, stored).catch((err: unknown) => {
          process.stderr.write(`warning: the send could not be recorded in the user folder (${err instanceof Error ? err.message : String(err)}); the app will not know it was sent\n`);
          return { recorded: 0, notices: [] };
        });
        for (const n of notices) process.stderr.write(`warning: ${n}\n`);
        if (recorded) process.stderr.write(`recorded ${recorded} Alveo result(s) as sent to ${known.name}: the app asks before sending them there again\n`);
      }
      return results.every((r) => r.ok) ? 0 : 1;
    } catch (err) {
      console.error(`alveo pacs ${sub}: ${err instanceof Error ? err.message : String(err)}`);
      return abort.signal.aborted ? stoppedExitCode() : 1;
    } finally {
      stopListening();
    }
  },
});

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
  let printed = '';
  return (p) => {
    const now = Date.now();
    if (now - last < 500 && p.done !== p.total) return;
    const line = `${verb} ${p.done}${p.total !== null ? `/${p.total}` : ''}`;
    // A C-GET reports its last instance, then the retrieve its total: the same count, printed once.
    if (line === printed) return;
    last = now;
    printed = line;
    process.stderr.write(`${line}\n`);
  };
}

/** What `check` refuses, as a usage error (exit 2) rather than a failure. */
function usage(check: () => unknown): void {
  try {
    check();
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}
