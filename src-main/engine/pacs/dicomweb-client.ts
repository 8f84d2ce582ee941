// DICOMweb (http(s)://…/dicom-web): QIDO-RS to search, WADO-RS to retrieve each instance as
// stored (transfer-syntax=*: byte for byte, no transcoding), STOW-RS to send files unchanged.
import { decompressedPart10 } from './decompressed-part10';
import { writeFile } from 'node:fs/promises';
import { dicomWebRequest, type HttpAnswer } from './http-request';
import { boundaryOf, multipartDicom, parseMultipart } from './multipart-related';
import type { InstanceRef, PacsClient, StoredFile, TransferOptions } from './pacs-client';
import { pacsError } from './pacs-error';
import type { DicomWebNode } from './pacs-node';
import { readSendableDicom } from './sendable-dicom';
import { dicomDateRange, matchesModalities, personName, type StudyMatch, type StudyQuery } from './study-query';

type DicomJson = Record<string, { vr?: string; Value?: unknown[] } | undefined>;

const JSON_ACCEPT = 'application/dicom+json, application/json';
const DICOM_ACCEPT = 'multipart/related; type="application/dicom"; transfer-syntax=*';
/** Files per STOW-RS request: a few large radiographs per body keeps memory bounded. */
const STOW_BATCH = 8;
/** Instances per QIDO-RS page, and pages at most (a bound on a server that never stops). */
const QIDO_PAGE = 1000;
const QIDO_MAX_PAGES = 200;

function value(ds: DicomJson, tag: string): string {
  const v = ds[tag]?.Value;
  if (!v?.length) return '';
  return v.map((x) => (typeof x === 'object' ? personName(x) : String(x))).join('\\');
}

function refused(node: DicomWebNode, what: string, a: HttpAnswer): Error {
  const detail = a.body.length && a.body.length < 300 ? `: ${a.body.toString('utf8').trim()}` : '';
  return pacsError(node, 'refused', `${what} failed (HTTP ${a.status})${detail}`);
}

function parseJson(node: DicomWebNode, a: HttpAnswer, what: string): DicomJson[] {
  if (a.status === 204 || a.body.length === 0) return [];
  try {
    const parsed = JSON.parse(a.body.toString('utf8')) as unknown;
    return Array.isArray(parsed) ? (parsed as DicomJson[]) : [parsed as DicomJson];
  } catch {
    throw pacsError(node, 'protocol', `${what}: the answer is not DICOM JSON`);
  }
}

/** The root's /studies always exists on a DICOMweb server: a 404 there means the path is wrong. */
function notAnEndpoint(node: DicomWebNode): Error {
  return pacsError(node, 'protocol', `not a DICOMweb endpoint: HTTP 404 for ${node.url}/studies — check the path (Orthanc: http://host:8042/dicom-web)`);
}

/**
 * A QIDO-RS query string. Values are percent-encoded except '^', '*', ',' and '-', which are legal
 * in a query: Orthanc's DICOMweb plugin (1.10) matches the text undecoded, so DOE%5EJANE* found
 * nothing there while DOE^JANE* does. '+' stays %2B: a bare '+' means a space to most servers.
 */

/** STOW-RS failure reason 0xC122 (PS3.18): Referenced Transfer Syntax not supported. */
const SYNTAX_REFUSED = String(0xc122);
export function qidoQuery(params: readonly (readonly [string, string])[]): string {
  const encode = (v: string) => encodeURIComponent(v).replace(/%5E/gi, '^').replace(/%2C/gi, ',');
  return params.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
}

export function dicomWebClient(node: DicomWebNode): PacsClient {
  /** QIDO-RS at the root (/studies?…): no match is 200 with [] or 204 (PS3.18 8.3.4.4.1), never 404. */
  const search = async (path: string, what: string, signal?: AbortSignal): Promise<DicomJson[]> => {
    const a = await dicomWebRequest(node, { path, accept: JSON_ACCEPT, signal });
    if (a.status === 404) throw notAnEndpoint(node);
    if (a.status >= 300) throw refused(node, what, a);
    return parseJson(node, a, what);
  };
  /**
   * QIDO-RS below one study (/studies/{uid}/…): some archives (older dcm4chee among them) answer
   * 404 for a study they do not hold, which is "no match" here, as long as the root answers.
   */
  const searchInStudy = async (path: string, what: string, signal?: AbortSignal): Promise<DicomJson[]> => {
    const a = await dicomWebRequest(node, { path, accept: JSON_ACCEPT, signal });
    if (a.status === 404) {
      await search('/studies?limit=1', 'QIDO-RS search', signal); // a wrong path throws here
      return [];
    }
    if (a.status >= 300) throw refused(node, what, a);
    return parseJson(node, a, what);
  };

  /**
   * Paged (limit/offset), as servers cap a QIDO-RS answer, often below the limit asked: the next
   * page is asked for until one comes back empty, or adds nothing (a server ignoring offset).
   */
  const findInstances = async (studyInstanceUid: string, signal?: AbortSignal): Promise<InstanceRef[]> => {
    const uid = encodeURIComponent(studyInstanceUid);
    const found = new Map<string, InstanceRef>();
    let offset = 0;
    for (let page = 0; page < QIDO_MAX_PAGES; page++) {
      const list = await searchInStudy(`/studies/${uid}/instances?includefield=0020000E&limit=${QIDO_PAGE}&offset=${offset}`, 'QIDO-RS instance list', signal);
      const before = found.size;
      for (const ds of list) {
        const ref = { seriesInstanceUid: value(ds, '0020000E'), sopInstanceUid: value(ds, '00080018') };
        // WADO-RS addresses an instance through its series: without it, it cannot be fetched alone.
        if (!ref.seriesInstanceUid || !ref.sopInstanceUid) throw pacsError(node, 'protocol', 'the QIDO-RS instance list does not give each instance its series and SOP Instance UID');
        found.set(ref.sopInstanceUid, ref);
      }
      if (found.size === before) break;
      offset += list.length;
    }
    return [...found.values()];
  };

  const retrieveInstances: PacsClient['retrieveInstances'] = async (studyInstanceUid, instances, sink, opts: TransferOptions = {}) => {
    const uid = encodeURIComponent(studyInstanceUid);
    const total = instances.length;
    opts.progress?.({ done: 0, total });
    let done = 0;
    for (const { seriesInstanceUid, sopInstanceUid: sop } of instances) {
      const path = `/studies/${uid}/series/${encodeURIComponent(seriesInstanceUid)}/instances/${encodeURIComponent(sop)}`;
      let a = await dicomWebRequest(node, { path, accept: DICOM_ACCEPT, signal: opts.signal });
      // A server that cannot promise the stored syntax (406) still sends its default one.
      if (a.status === 406) a = await dicomWebRequest(node, { path, accept: 'multipart/related; type="application/dicom"', signal: opts.signal });
      if (a.status >= 300) throw refused(node, `WADO-RS retrieve of an instance of study ${studyInstanceUid}`, a);
      const boundary = boundaryOf(String(a.headers['content-type'] ?? ''));
      const parts = boundary ? parseMultipart(a.body, boundary) : [{ headers: {}, body: a.body }];
      for (const part of parts) {
        await sink({ sopInstanceUid: sop, writeTo: (path) => writeFile(path, part.body) });
      }
      done++;
      opts.progress?.({ done, total });
    }
    return { instances: done, failed: 0 };
  };

  return {
    node,
    async echo(signal) {
      await search('/studies?limit=1', 'QIDO-RS search', signal);
    },

    async findStudies(query: StudyQuery, signal) {
      const params: [string, string][] = [];
      if (query.patientId) params.push(['PatientID', query.patientId]);
      if (query.patientName) params.push(['PatientName', query.patientName]);
      const dates = dicomDateRange(query);
      if (dates) params.push(['StudyDate', dates]);
      if (query.studyInstanceUid) params.push(['StudyInstanceUID', query.studyInstanceUid]);
      // One modality is matched by the PACS; several are filtered here (servers differ on lists).
      if (query.modalities?.length === 1) params.push(['ModalitiesInStudy', query.modalities[0]]);
      if (query.limit && !(query.modalities && query.modalities.length > 1)) params.push(['limit', String(query.limit)]);
      // Accession Number and Study Time too: the reader's list sorts by date and time and shows the accession.
      for (const f of ['00080061', '00081030', '00201208', '00100010', '00100020', '00080020', '00080030', '00080050']) params.push(['includefield', f]);
      const rows = await search(`/studies?${qidoQuery(params)}`, 'QIDO-RS study search', signal);
      const matches: StudyMatch[] = rows.map((ds) => {
        const n = Number(value(ds, '00201208'));
        return {
          studyInstanceUid: value(ds, '0020000D'),
          patientId: value(ds, '00100020'),
          patientName: value(ds, '00100010'),
          studyDate: value(ds, '00080020'),
          modalities: value(ds, '00080061').split('\\').filter(Boolean),
          description: value(ds, '00081030'),
          instances: value(ds, '00201208') !== '' && Number.isFinite(n) ? n : null,
          ...(value(ds, '00080050') ? { accessionNumber: value(ds, '00080050') } : {}),
          ...(value(ds, '00080030') ? { studyTime: value(ds, '00080030') } : {}),
        };
      });
      const filtered = matches.filter((m) => matchesModalities(m, query.modalities));
      return query.limit ? filtered.slice(0, query.limit) : filtered;
    },

    findInstances,

    async retrieveStudy(studyInstanceUid, sink, opts: TransferOptions = {}) {
      const list = await findInstances(studyInstanceUid, opts.signal);
      if (list.length === 0) throw pacsError(node, 'not-found', `study ${studyInstanceUid} not found`);
      return retrieveInstances(studyInstanceUid, list, sink, opts);
    },

    retrieveInstances,

    async store(files, opts: TransferOptions = {}) {
      /** One STOW-RS request: per file, null when stored, else the failure reason ('' when the server gave none). */
      const stow = async (parts: { result: StoredFile; bytes: Buffer }[], signal?: AbortSignal): Promise<Map<StoredFile, string | null>> => {
        const { contentType, body } = multipartDicom(parts.map((b) => b.bytes));
        const a = await dicomWebRequest(node, { method: 'POST', path: '/studies', accept: JSON_ACCEPT, contentType, body, signal });
        if (a.status >= 300 && a.status !== 409) throw refused(node, 'STOW-RS store', a);
        const [answer] = parseJson(node, a, 'STOW-RS store');
        const ok = new Set<string>();
        const failed = new Map<string, string>();
        for (const item of (answer?.['00081199']?.Value ?? []) as DicomJson[]) ok.add(value(item, '00081155'));
        for (const item of (answer?.['00081198']?.Value ?? []) as DicomJson[]) failed.set(value(item, '00081155'), value(item, '00081197'));
        return new Map(parts.map(({ result }) => [result, ok.has(result.sopInstanceUid) || (a.status === 200 && !failed.has(result.sopInstanceUid) && ok.size === 0) ? null : (failed.get(result.sopInstanceUid) ?? '')]));
      };
      const results: StoredFile[] = [];
      let done = 0;
      for (let i = 0; i < files.length; i += STOW_BATCH) {
        const batch: { result: StoredFile; bytes: Buffer }[] = [];
        for (const file of files.slice(i, i + STOW_BATCH)) {
          const result: StoredFile = { file, sopInstanceUid: '', ok: false };
          results.push(result);
          try {
            // Checked as Alveo checks a file it opens: a cut-short file is refused, not stored.
            const { bytes, parsed } = await readSendableDicom(file);
            const { dataSet, hasPart10Header } = parsed;
            if (!hasPart10Header) throw new Error('STOW-RS sends DICOM Part-10 files; this one has no file meta header');
            result.sopInstanceUid = (dataSet.string('x00080018') ?? '').replace(/\0/g, '').trim();
            batch.push({ result, bytes });
          } catch (err) {
            result.error = `${file}: cannot be sent (${(err as Error).message})`;
          }
        }
        if (!batch.length) continue;
        const answers = await stow(batch, opts.signal);
        // A server that refuses a JPEG-LS capture's syntax (0xC122) gets it again uncompressed:
        // lossless both ways, the same object; any other refusal stands.
        const again: typeof batch = [];
        for (const b of batch) {
          if (answers.get(b.result) !== SYNTAX_REFUSED) continue;
          const plain = await decompressedPart10(b.bytes).catch(() => null);
          if (plain) again.push({ result: b.result, bytes: plain });
        }
        const retried = again.length ? await stow(again, opts.signal) : new Map<StoredFile, string | null>();
        for (const { result } of batch) {
          const why = retried.has(result) ? retried.get(result) : answers.get(result);
          result.ok = why === null;
          if (!result.ok) result.error = `${result.file}: refused by ${node.url}${why ? ` (failure reason ${why})` : ''}`;
          else if (retried.has(result)) result.note = `sent uncompressed: ${node.url} does not accept JPEG-LS (every pixel kept)`;
          done++;
        }
        opts.progress?.({ done, total: files.length });
      }
      return results;
    },
  };
}
