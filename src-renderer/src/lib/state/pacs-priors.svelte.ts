// This patient's other studies on the PACS, for side by side: asked of the node the study on screen
// came from (by Patient ID, CR/DX), once per node and patient this session, only while comparing.
// Listed apart in the comparison's choice and retrieved only when chosen: the network is used for
// what the reader asks, and a cached prior opens at once.
import { SvelteMap } from 'svelte/reactivity';
import type { PacsStudy } from '../../../../src-main/api/contract';
import type { ApiClient } from '../api/create-api-client';
import { patientMatch, isPlaceholder } from './patient-match';
import { plainError } from './plain-error';

export interface PriorLookup {
  status: 'loading' | 'done' | 'failed';
  studies: PacsStudy[];
  error?: string;
}

/** A study on the PACS offered beside the image on screen. */
export interface PacsPrior {
  study: PacsStudy;
  nodeId: string;
  nodeName: string;
}

/** What to ask for beside an image: its node and patient, or null when it did not come from a PACS or names no one. */
export function priorQuery(attributes: Readonly<Record<string, string>>, originNodeId: string | null): { nodeId: string; patientId: string; studyInstanceUid: string } | null {
  const patientId = (attributes.PatientID ?? '').trim();
  const studyInstanceUid = (attributes.StudyInstanceUID ?? '').trim();
  if (!originNodeId || !patientId || isPlaceholder(patientId) || !studyInstanceUid) return null;
  return { nodeId: originNodeId, patientId, studyInstanceUid };
}

/**
 * The studies found that are this patient's (the same real ID and name: a search by ID alone may
 * match another patient filed under it), other than the one on screen and those already offered,
 * newest first.
 */
export function priorsOf(here: Readonly<Record<string, string>>, found: readonly PacsStudy[], offered: ReadonlySet<string>): PacsStudy[] {
  const studyOnScreen = here.StudyInstanceUID ?? '';
  return found
    .filter((s) => s.studyInstanceUid !== studyOnScreen && !offered.has(s.studyInstanceUid))
    .filter((s) => patientMatch(here, { PatientID: s.patientId, PatientName: s.patientName }) === 'same')
    .sort((a, b) => `${b.studyDate}${b.studyTime ?? ''}`.localeCompare(`${a.studyDate}${a.studyTime ?? ''}`));
}

export class PacsPriors {
  readonly found = new SvelteMap<string, PriorLookup>();

  constructor(private readonly api: ApiClient) {}

  static key(nodeId: string, patientId: string): string {
    return `${nodeId}|${patientId}`;
  }

  /** Asks the node once per patient this session (call from an effect, not a derived); a failed ask is asked again by retry(). */
  lookup(nodeId: string, patientId: string): void {
    const key = PacsPriors.key(nodeId, patientId);
    if (this.found.has(key)) return;
    this.found.set(key, { status: 'loading', studies: [] });
    this.api.findPacsStudies(nodeId, { patientId, modalities: ['CR', 'DX'], limit: 100 }).then(
      (studies) => this.found.set(key, { status: 'done', studies }),
      (err: unknown) => this.found.set(key, { status: 'failed', studies: [], error: plainError(err, 'Looking for priors').detail }),
    );
  }

  /** Forgets a failed ask and asks again (the PACS may be back). */
  retry(nodeId: string, patientId: string): void {
    const key = PacsPriors.key(nodeId, patientId);
    if (this.found.get(key)?.status === 'failed') this.found.delete(key);
    this.lookup(nodeId, patientId);
  }

  get(nodeId: string, patientId: string): PriorLookup | undefined {
    return this.found.get(PacsPriors.key(nodeId, patientId));
  }
}

const instances = new WeakMap<object, PacsPriors>();

export function pacsPriorsFor(app: { readonly api: ApiClient }): PacsPriors {
  let s = instances.get(app);
  if (!s) instances.set(app, (s = new PacsPriors(app.api)));
  return s;
}
