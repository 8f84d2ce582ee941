// DIMSE (AET@host:port) through dcmjs-dimse: C-ECHO, C-FIND (study root; the study's instances
// by SERIES then IMAGE level), C-GET (the PACS sends the instances back over the same association,
// so no port has to be opened here) or C-MOVE (dimse-move), and C-STORE.
// One association per call (two to list a study's instances); failures become PacsErrors that
// name the node.
import dcmjs from 'dcmjs';
import type { association, requests, responses } from 'dcmjs-dimse';
import { dcmjsCodecs } from '../studies/dicom/codecs/dcmjs-codecs-module';
import { transferSyntaxName } from '../studies/dicom/transfer-syntax';
import { hasDicmPrefix, sniffRawDicom } from '../studies/dicom/read-dicom';
import { associate, InstanceReceiver, isWarning, STATUS_CANCEL, STATUS_PENDING, statusError, text } from './dimse-association';
import { imageFindRequest, seriesFindRequest } from './dimse-find-requests';
import { findResponseText } from './find-response-text';
import { dimseLibrary } from './dimse-library';
import { retrieveByMove } from './dimse-move';
import { keepResponseBytes, type ResponseBytes } from './keep-response-bytes';
import { getRequests } from './dimse-retrieve-requests';
import { repairNestedUtf8 } from './dimse-text';
import { splitPart10 } from './file-meta-header';
import type { InstanceRef, PacsClient, RetrievedInstance, StoredFile, TransferOptions } from './pacs-client';
import { callingAeHint, pacsError, type PacsError } from './pacs-error';
import type { DimseNode } from './pacs-node';
import { rawDataset } from './raw-dataset';
import { readSendableDicom } from './sendable-dicom';
import { acceptedSyntax, storeRefusal } from './store-refusal';
import { dicomDateRange, matchesModalities, personName, type StudyMatch, type StudyQuery } from './study-query';

/** Uncompressed syntaxes: any PACS takes them as they are. */
const NATIVE_SYNTAXES = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1']);

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
  // Deflated: kept deflated as it arrives (only the header is inflated, to check the instance).
  '1.2.840.10008.1.2.1.99',
];

export function dimseClient(node: DimseNode): PacsClient {
  const lib = dimseLibrary();
  const { CEchoRequest, CFindRequest, CStoreRequest } = lib.requests;
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
      // dcmjs writes text as UTF-8: undeclared, a PACS reads "Müller" in its default set and
      // matches nothing. Declared only when needed, so ASCII queries stay as every PACS knows them.
      if ([query.patientId, query.patientName].some((v) => v && /[^\x00-\x7f]/.test(v))) keys.SpecificCharacterSet = 'ISO_IR 192';
      const [rows] = await find([CFindRequest.createStudyFindRequest(keys)], signal);
      const found: StudyMatch[] = rows.map((e) => {
        const n = Number(text(e.NumberOfStudyRelatedInstances));
        return {
          studyInstanceUid: text(e.StudyInstanceUID),
          patientId: text(e.PatientID),
          patientName: personName(e.PatientName),
          studyDate: text(e.StudyDate),
          modalities: text(e.ModalitiesInStudy).split('\\').filter(Boolean),
          description: text(e.StudyDescription),
          instances: text(e.NumberOfStudyRelatedInstances) !== '' && Number.isFinite(n) ? n : null,
          ...(text(e.AccessionNumber) ? { accessionNumber: text(e.AccessionNumber) } : {}),
          ...(text(e.StudyTime) ? { studyTime: text(e.StudyTime) } : {}),
        };
      });
      const matches = found.filter((m) => matchesModalities(m, query.modalities));
      return query.limit ? matches.slice(0, query.limit) : matches;
    },

    async retrieveStudy(studyInstanceUid, sink, opts: TransferOptions = {}) {
      // A C-GET of an unknown study fails with a bare status on most PACSs: ask first, to say so plainly.
      const known = await this.findStudies({ studyInstanceUid }, opts.signal);
      if (!known.some((s) => s.studyInstanceUid === studyInstanceUid)) throw pacsError(node, 'not-found', `study ${studyInstanceUid} not found`);
      return retrieve(studyInstanceUid, sink, opts);
    },

    async findInstances(studyInstanceUid, signal) {
      // Hierarchical, as strict PACSs require: the study's series, then each series' images.
      const [series] = await find([seriesFindRequest(studyInstanceUid)], signal);
      const seriesUids = [...new Set(series.map((e) => text(e.SeriesInstanceUID)).filter(Boolean))];
      if (!seriesUids.length) return [];
      const images = await find(seriesUids.map((uid) => imageFindRequest(studyInstanceUid, uid)), signal);
      const found = new Map<string, InstanceRef>();
      images.forEach((matches, i) => {
        for (const e of matches) {
          const sopInstanceUid = text(e.SOPInstanceUID);
          if (sopInstanceUid) found.set(sopInstanceUid, { seriesInstanceUid: seriesUids[i], sopInstanceUid });
        }
      });
      return [...found.values()];
    },

    async retrieveInstances(studyInstanceUid, instances, sink, opts: TransferOptions = {}) {
      if (!instances.length) return { instances: 0, failed: 0 };
      return retrieve(studyInstanceUid, sink, opts, instances);
    },

    async store(files, opts: TransferOptions = {}) {
      const results: StoredFile[] = [];
      // One association per transfer syntax: a PACS accepts one syntax per SOP class and
      // association.
      const groups = new Map<string, requests.CStoreRequest[]>();
      const requestOf = new Map<StoredFile, requests.CStoreRequest>();
      for (const file of files) {
        const result: StoredFile = { file, sopInstanceUid: '', ok: false };
        results.push(result);
        try {
          // Checked as Alveo checks a file it opens: a cut-short file is refused, not stored.
          const { bytes } = await readSendableDicom(file);
          const req = storeRequest(bytes);
          requestOf.set(result, req);
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
      // Initialised codecs let dcmjs-dimse decompress a file whose syntax the PACS does not accept
      // (it proposes the file's own syntax and both little endian ones beside it).
      // Codecs that fail to start cost only the files the PACS will not take as they are.
      if ([...groups.keys()].some((ts) => !NATIVE_SYNTAXES.has(ts))) await dcmjsCodecs().catch(() => undefined);
      const aborted = new Set<Request>();
      /** Files not sent, and why, decided once the PACS answered the proposal (store-refusal). */
      const refused = new Map<Request, string>();
      const syntaxOf = new Map<Request, { own: string; accepted: string }>();
      for (const [ts, reqs] of groups) {
        const end = await associate(node, reqs, {
          signal: opts.signal,
          setup(client) {
            // dcmjs-dimse proposes an uncompressed file in both little endian syntaxes in one
            // context, so the PACS may pick the other one (a re-encoding): the file's own syntax
            // alone, in a context of its own, lets it go as it is.
            if (NATIVE_SYNTAXES.has(ts)) {
              for (const sopClass of new Set(reqs.map((r) => r.getAffectedSopClassUid()))) client.addAdditionalPresentationContext(new lib.association.PresentationContext(0, sopClass, ts), true);
            }
            // Emitted before dcmjs-dimse sends its queued requests: the refused ones are taken out.
            client.on('associationAccepted', (assoc: association.Association) => {
              const kept = reqs.filter((r) => {
                syntaxOf.set(r, acceptedSyntax(assoc, r));
                const why = storeRefusal(assoc, r);
                if (why) refused.set(r, why);
                return !why;
              });
              if (kept.length === reqs.length) return;
              client.clearRequests();
              for (const r of kept) client.addRequest(r);
            });
          },
        });
        if (end.abortedBeforeAnswer) for (const r of reqs) aborted.add(r);
      }
      for (const r of results) {
        if (r.ok || r.error) continue;
        const req = requestOf.get(r);
        const syntax = req && syntaxOf.get(req);
        if (req && refused.has(req)) r.error = `${r.file}: ${refused.get(req)}`;
        else if (req && aborted.has(req)) r.error = `${r.file}: the PACS aborted the association before answering for this file: ${callingAeHint(node)}`;
        else if (syntax?.accepted && syntax.accepted !== syntax.own) {
          r.error = `${r.file}: not sent: the PACS takes it only as ${transferSyntaxName(syntax.accepted)}, and Alveo could not convert it from ${transferSyntaxName(syntax.own)}`;
        } else r.error = `${r.file}: the PACS did not answer for this file`;
      }
      return results;
    },
  };

  /** C-FIND requests on one association: each one's matches (elements), in order. */
  async function find(reqs: requests.CFindRequest[], signal?: AbortSignal): Promise<Record<string, unknown>[][]> {
    let error: PacsError | null = null;
    // Each match's text is decoded from its bytes (dcmjs cannot read ISO 2022 names): see keep-response-bytes.
    let arrived: ResponseBytes | undefined;
    const matches = reqs.map((req) => {
      const found: Record<string, unknown>[] = [];
      req.on('response', (r: responses.CFindResponse) => {
        const status = r.getStatus();
        // Taken for every response with a data set, matched or not, so the next one gets its own bytes.
        const raw = r.hasDataset() ? arrived?.next() : undefined;
        if (STATUS_PENDING.includes(status) && r.hasDataset()) found.push(findResponseText(r.getDataset()!.getElements() as Record<string, unknown>, raw));
        else if (status !== Status.Success && !STATUS_PENDING.includes(status)) error ??= statusError(node, 'C-FIND', r);
      });
      return found;
    });
    await associate(node, reqs, {
      signal,
      cancellable: reqs,
      answered: 'C-FIND',
      setup(client) {
        arrived = keepResponseBytes(client);
      },
    });
    if (error) throw error;
    return matches;
  }

  /** The study, or the listed instances of it, by C-MOVE when the node has a receive port, else by C-GET. */
  async function retrieve(studyInstanceUid: string, sink: (instance: RetrievedInstance) => Promise<void>, opts: TransferOptions, instances?: InstanceRef[]) {
    if (node.movePort) return retrieveByMove(node, node.movePort, studyInstanceUid, sink, opts, instances);
    const reqs = getRequests(studyInstanceUid, instances);
    const receiver = new InstanceReceiver(sink, opts, instances?.length ?? null, {
    studyInstanceUid,
    ...(instances?.length ? { sopInstanceUids: new Set(instances.map((i) => i.sopInstanceUid)) } : {}),
  });
    for (const req of reqs) receiver.follow(req);
    await associate(node, reqs, {
      signal: opts.signal,
      cancellable: reqs,
      answered: 'C-GET',
      setup(client) {
        for (const sopClass of COMPRESSED_CLASSES) {
          for (const ts of COMPRESSED_SYNTAXES) client.addAdditionalPresentationContext(new lib.association.PresentationContext(0, sopClass, ts), true);
        }
        client.on('cStoreRequest', (store: requests.CStoreRequest, callback: (r: responses.Response) => void) => receiver.store(store, callback));
      },
    });
    if (receiver.sinkError) throw receiver.sinkError;
    if (receiver.endWith((s) => s === STATUS_CANCEL)) throw pacsError(node, 'cancelled', 'the retrieve was cancelled');
    if (receiver.received === 0) {
      const failed = receiver.endWith((s) => s !== Status.Success && !isWarning(s));
      // The PACS counts the sub-operations Alveo refused as its failures: say whose they were.
      const refusedHere = receiver.refusedByAlveo();
      if (failed && refusedHere) throw pacsError(node, 'protocol', `C-GET of study ${studyInstanceUid} failed: ${refusedHere}`);
      if (failed) throw statusError(node, `C-GET of study ${studyInstanceUid}`, failed);
      throw pacsError(node, 'not-found', `study ${studyInstanceUid} not found (no instance came back)`);
    }
    return receiver.outcome();
  }

  /**
   * A C-STORE of a file's data set as its bytes (raw-dataset): sent as they are whenever the PACS
   * takes the file's syntax. The parsed elements name the instance, and are what dcmjs-dimse
   * converts from when the PACS takes another syntax (store-refusal says when that is allowed).
   */
  function storeRequest(bytes: Buffer): requests.CStoreRequest {
    if (hasDicmPrefix(bytes)) {
      // Read whole here (dcmjs-dimse would re-read the file lazily, past the text repair).
      const dict = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, { ignoreErrors: true });
      const elements = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict) as Record<string, unknown>;
      repairNestedUtf8(elements);
      const { transferSyntaxUid, dataSet } = splitPart10(bytes);
      return new CStoreRequest(rawDataset(elements, { bytes: dataSet, transferSyntaxUid }));
    }
    // No Part-10 header (ACR-NEMA style): a bare data set in implicit or explicit little endian.
    const raw = sniffRawDicom(bytes);
    if (raw !== 'implicit' && raw !== 'explicit') throw new Error('not a DICOM file');
    const transferSyntaxUid = raw === 'implicit' ? '1.2.840.10008.1.2' : '1.2.840.10008.1.2.1';
    return new CStoreRequest(rawDataset(new lib.Dataset(bytes, transferSyntaxUid).getElements(), { bytes, transferSyntaxUid }));
  }
}
