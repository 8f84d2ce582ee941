// DIMSE (AET@host:port) through dcmjs-dimse: C-ECHO, C-FIND (study root), C-GET (the PACS sends
// the instances back over the same association, so no port has to be opened here) and C-STORE.
// One association per call; failures become PacsErrors that name the node.
import { readFile } from 'node:fs/promises';
import dcmjs from 'dcmjs';
import { promisify } from 'node:util';
import type { Client as DimseClient, requests, responses } from 'dcmjs-dimse';
import { hasDicmPrefix, sniffRawDicom } from '../studies/dicom/read-dicom';
import { dimseLibrary } from './dimse-library';
import { repairNestedUtf8 } from './dimse-text';
import type { PacsClient, RetrievedInstance, StoredFile, TransferOptions } from './pacs-client';
import { pacsError, socketError, type PacsError } from './pacs-error';
import type { DimseNode } from './pacs-node';
import { dicomDateRange, matchesModalities, personName, type StudyMatch, type StudyQuery } from './study-query';

type Request = requests.Request;

/** Storage classes a chest study holds, offered in compressed transfer syntaxes too, so the PACS sends what it stored (no transcoding). */
const COMPRESSED_CLASSES = [
  '1.2.840.10008.5.1.4.1.1.1', // CR
  '1.2.840.10008.5.1.4.1.1.1.1', // DX for presentation
  '1.2.840.10008.5.1.4.1.1.1.1.1', // DX for processing
  '1.2.840.10008.5.1.4.1.1.7', // Secondary Capture
  '1.2.840.10008.5.1.4.1.1.1.2', // MG for presentation
];
const COMPRESSED_SYNTAXES = [
  '1.2.840.10008.1.2.4.50',
  '1.2.840.10008.1.2.4.51',
  '1.2.840.10008.1.2.4.57',
  '1.2.840.10008.1.2.4.70',
  '1.2.840.10008.1.2.4.80',
  '1.2.840.10008.1.2.4.81',
  '1.2.840.10008.1.2.4.90',
  '1.2.840.10008.1.2.4.91',
  '1.2.840.10008.1.2.5',
  '1.2.840.10008.1.2.1.99',
];

const STATUS_PENDING = [0xff00, 0xff01];
const STATUS_CANCEL = 0xfe00;
const isWarning = (s: number) => s === 0x0001 || (s >= 0xb000 && s <= 0xbfff);

interface AssociationOptions {
  signal?: AbortSignal;
  setup?: (client: DimseClient) => void;
  /** Requests to C-CANCEL (then abort) when the signal fires. */
  cancellable?: Request[];
}

function rejection(node: DimseNode, e: { result?: number; source?: number; reason?: number }): PacsError {
  const { RejectReason } = dimseLibrary().constants;
  if (e.reason === RejectReason.CalledAeNotRecognized) {
    return pacsError(node, 'unknown-ae', `association rejected: the PACS does not know the called AE title '${node.calledAe}'`);
  }
  if (e.reason === RejectReason.CallingAeNotRecognized) {
    return pacsError(node, 'rejected', `association rejected: the PACS does not accept the calling AE title '${node.callingAe}' (register it on the PACS, or use another --calling-ae)`);
  }
  return pacsError(node, 'rejected', `association rejected (result ${e.result}, source ${e.source}, reason ${e.reason})`);
}

function associate(node: DimseNode, reqs: Request[], opts: AssociationOptions = {}): Promise<void> {
  const { Client } = dimseLibrary();
  return new Promise<void>((resolve, reject) => {
    if (opts.signal?.aborted) {
      reject(pacsError(node, 'cancelled', 'cancelled'));
      return;
    }
    const client = new Client();
    for (const r of reqs) client.addRequest(r);
    let failure: PacsError | null = null;
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      if (failure) reject(failure);
      else resolve();
    };
    const fail = (e: PacsError) => {
      failure ??= e;
    };
    const onAbort = () => {
      fail(pacsError(node, 'cancelled', 'cancelled'));
      for (const r of opts.cancellable ?? []) {
        try {
          client.cancel(r as requests.CGetRequest);
        } catch {
          // not started yet
        }
      }
      client.abort();
      // An aborted association may not report 'closed' when the socket was never opened.
      setTimeout(settle, 1000).unref();
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    client.on('associationRejected', (e: { result?: number; source?: number; reason?: number }) => fail(rejection(node, e)));
    client.on('networkError', (err: Error) => {
      fail(socketError(node, err));
      setTimeout(settle, 200).unref();
    });
    client.on('closed', settle);
    opts.setup?.(client);
    try {
      client.send(node.host, node.port, node.callingAe, node.calledAe, {
        connectTimeout: node.timeoutMs,
        associationTimeout: node.timeoutMs,
        pduTimeout: node.timeoutMs,
        // Values a little outside their VR (common in the wild) must not stop a transfer.
        datasetWriteOptions: { allowInvalidVRLength: true },
        datasetReadOptions: { ignoreErrors: true },
      });
    } catch (err) {
      fail(socketError(node, err));
      settle();
    }
  });
}

function statusError(node: DimseNode, what: string, r: responses.Response): PacsError {
  const comment = r.getErrorComment?.() ? `: ${r.getErrorComment()}` : '';
  return pacsError(node, 'refused', `${what} failed with status 0x${r.getStatus().toString(16).padStart(4, '0')}${comment}`);
}

function text(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.map(text).join('\\');
  return String(v);
}

export function dimseClient(node: DimseNode): PacsClient {
  const lib = dimseLibrary();
  const { CEchoRequest, CFindRequest, CGetRequest, CStoreRequest } = lib.requests;
  const { CStoreResponse } = lib.responses;
  const { Status } = lib.constants;

  return {
    node,
    async echo(signal) {
      let error: PacsError | null = null;
      let answered = false;
      const req = new CEchoRequest();
      req.on('response', (r: responses.Response) => {
        answered = true;
        if (r.getStatus() !== Status.Success) error = statusError(node, 'C-ECHO', r);
      });
      await associate(node, [req], { signal });
      if (error) throw error;
      if (!answered) throw pacsError(node, 'protocol', 'no answer to C-ECHO');
    },

    async findStudies(query: StudyQuery, signal) {
      const keys: Record<string, unknown> = {
        PatientID: query.patientId ?? '',
        PatientName: query.patientName ?? '',
        StudyDate: dicomDateRange(query),
        StudyTime: '',
        StudyInstanceUID: query.studyInstanceUid ?? '',
        ModalitiesInStudy: query.modalities?.length ? query.modalities : '',
        StudyDescription: '',
        AccessionNumber: '',
        NumberOfStudyRelatedInstances: '',
      };
      const req = CFindRequest.createStudyFindRequest(keys);
      const found: StudyMatch[] = [];
      let error: PacsError | null = null;
      req.on('response', (r: responses.CFindResponse) => {
        const status = r.getStatus();
        if (STATUS_PENDING.includes(status) && r.hasDataset()) {
          const e = r.getDataset()!.getElements() as Record<string, unknown>;
          const n = Number(text(e.NumberOfStudyRelatedInstances));
          found.push({
            studyInstanceUid: text(e.StudyInstanceUID),
            patientId: text(e.PatientID),
            patientName: personName(e.PatientName),
            studyDate: text(e.StudyDate),
            modalities: text(e.ModalitiesInStudy).split('\\').filter(Boolean),
            description: text(e.StudyDescription),
            instances: text(e.NumberOfStudyRelatedInstances) !== '' && Number.isFinite(n) ? n : null,
          });
        } else if (status !== Status.Success && !STATUS_PENDING.includes(status)) error = statusError(node, 'C-FIND', r);
      });
      await associate(node, [req], { signal, cancellable: [req] });
      if (error) throw error;
      const matches = found.filter((m) => matchesModalities(m, query.modalities));
      return query.limit ? matches.slice(0, query.limit) : matches;
    },

    async retrieveStudy(studyInstanceUid, sink, opts: TransferOptions = {}) {
      // A C-GET of an unknown study fails with a bare status on most PACSs: ask first, to say so plainly.
      const known = await this.findStudies({ studyInstanceUid }, opts.signal);
      if (!known.some((s) => s.studyInstanceUid === studyInstanceUid)) throw pacsError(node, 'not-found', `study ${studyInstanceUid} not found`);
      const req = CGetRequest.createStudyGetRequest(studyInstanceUid);
      let received = 0;
      let failedWrites = 0;
      let total: number | null = null;
      let final: responses.CGetResponse | null = null;
      let sinkError: unknown = null;
      req.on('response', (r: responses.CGetResponse) => {
        const status = r.getStatus();
        if (STATUS_PENDING.includes(status)) {
          const t = (r.getRemaining() ?? 0) + (r.getCompleted() ?? 0) + (r.getFailures() ?? 0) + (r.getWarnings() ?? 0);
          if (t > 0) total = t;
          opts.progress?.({ done: received, total });
        } else final = r;
      });
      await associate(node, [req], {
        signal: opts.signal,
        cancellable: [req],
        setup(client) {
          for (const sopClass of COMPRESSED_CLASSES) {
            for (const ts of COMPRESSED_SYNTAXES) client.addAdditionalPresentationContext(new lib.association.PresentationContext(0, sopClass, ts), true);
          }
          client.on('cStoreRequest', (store: requests.CStoreRequest, callback: (r: responses.Response) => void) => {
            const response = CStoreResponse.fromRequest(store);
            const dataset = store.getDataset();
            if (!dataset || opts.signal?.aborted) {
              response.setStatus(Status.ProcessingFailure);
              callback(response);
              return;
            }
            repairNestedUtf8(dataset.getElements() as Record<string, unknown>);
            const instance: RetrievedInstance = {
              sopInstanceUid: text(dataset.getElement('SOPInstanceUID')),
              writeTo: (path) =>
                promisify((p: string, cb: (err?: Error) => void) => dataset.toFile(p, (err) => cb(err ?? undefined), undefined, { allowInvalidVRLength: true }))(path),
            };
            sink(instance).then(
              () => {
                received++;
                opts.progress?.({ done: received, total });
                response.setStatus(Status.Success);
                callback(response);
              },
              (err: unknown) => {
                failedWrites++;
                sinkError ??= err;
                response.setStatus(Status.ProcessingFailure);
                callback(response);
              },
            );
          });
        },
      });
      if (sinkError) throw sinkError;
      const end = final as responses.CGetResponse | null;
      if (end && end.getStatus() === STATUS_CANCEL) throw pacsError(node, 'cancelled', 'the retrieve was cancelled');
      if (received === 0) {
        if (end && end.getStatus() !== Status.Success && !isWarning(end.getStatus())) throw statusError(node, `C-GET of study ${studyInstanceUid}`, end);
        throw pacsError(node, 'not-found', `study ${studyInstanceUid} not found (no instance came back)`);
      }
      const failures = end?.getFailures?.() ?? 0;
      return { instances: received, failed: failedWrites + (Number.isFinite(failures) ? failures : 0) };
    },

    async store(files, opts: TransferOptions = {}) {
      const results: StoredFile[] = [];
      // One association per transfer syntax: a PACS accepts one syntax per SOP class and
      // association, and a file in another syntax would need transcoding (not done here).
      const groups = new Map<string, Request[]>();
      for (const file of files) {
        const result: StoredFile = { file, sopInstanceUid: '', ok: false };
        results.push(result);
        try {
          const req = await storeRequest(file);
          result.sopInstanceUid = text(req.getDataset()?.getElement('SOPInstanceUID'));
          req.on('response', (r: responses.CStoreResponse) => {
            const s = r.getStatus();
            result.ok = s === Status.Success || isWarning(s);
            if (!result.ok) result.error = statusError(node, 'C-STORE', r).message;
            opts.progress?.({ done: results.filter((x) => x.ok || x.error).length, total: files.length });
          });
          const ts = req.getDataset()?.getTransferSyntaxUid() ?? '';
          groups.set(ts, [...(groups.get(ts) ?? []), req]);
        } catch (err) {
          result.error = `${file}: cannot be sent (${(err as Error).message})`;
        }
      }
      for (const reqs of groups.values()) await associate(node, reqs, { signal: opts.signal });
      for (const r of results) if (!r.ok && !r.error) r.error = `${r.file}: the PACS did not answer for this file`;
      return results;
    },
  };

  async function storeRequest(file: string): Promise<requests.CStoreRequest> {
    const bytes = await readFile(file);
    if (hasDicmPrefix(bytes)) {
      // Read whole here (dcmjs-dimse would re-read the file lazily, past the text repair).
      const dict = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, { ignoreErrors: true });
      const elements = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict) as Record<string, unknown>;
      const meta = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.meta);
      repairNestedUtf8(elements);
      return new CStoreRequest(new lib.Dataset(elements, String(meta.TransferSyntaxUID ?? '1.2.840.10008.1.2.1')));
    }
    // No Part-10 header (ACR-NEMA style): a bare data set in implicit or explicit little endian.
    const raw = sniffRawDicom(bytes);
    if (raw !== 'implicit' && raw !== 'explicit') throw new Error('not a DICOM file');
    return new CStoreRequest(new lib.Dataset(bytes, raw === 'implicit' ? '1.2.840.10008.1.2' : '1.2.840.10008.1.2.1'));
  }
}
