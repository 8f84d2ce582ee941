// What dcmjs-dimse's re-encoding of a data set (its only way to convert a file to another transfer
// syntax) would lose: elements dcmjs has no keyword for (every private element) are dropped, and
// values longer than their VR allows are cut short. Found by doing it: the elements are written as
// dcmjs-dimse writes them, read back, and compared with what was read from the file. Elements are
// named by keyword or tag, never by value (a value may identify the patient).
import type { Dataset } from 'dcmjs-dimse';
import { dimseLibrary } from './dimse-library';

export interface ReencodingLoss {
  /** Elements that would be missing, e.g. "(0019,1610)". */
  dropped: string[];
  /** Elements whose value would come out shorter, e.g. "PatientBirthDate". */
  shortened: string[];
}

const DEFLATED_LE = '1.2.840.10008.1.2.1.99';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const PN_GROUPS = new Set(['Alphabetic', 'Ideographic', 'Phonetic']);

function isItem(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v) && !(v instanceof ArrayBuffer);
}

/** dcmjs names an element it has no keyword for by its tag, "00191610". */
function label(key: string): string {
  return /^[0-9A-Fa-f]{8}$/.test(key) ? `(${key.slice(0, 4)},${key.slice(4)})`.toLowerCase() : key;
}

function compare(before: Record<string, unknown>, after: Record<string, unknown>, loss: { dropped: Set<string>; shortened: Set<string> }, owner?: string): void {
  for (const [key, value] of Object.entries(before)) {
    if (key === '_vrMap' || value === undefined) continue;
    const name = owner && PN_GROUPS.has(key) ? owner : label(key);
    if (!(key in after)) {
      loss.dropped.add(name);
      continue;
    }
    const now = after[key];
    const values = Array.isArray(value) ? value : [value];
    const nows = Array.isArray(now) ? now : [now];
    values.forEach((v, i) => {
      const n = nows[i];
      if (isItem(v) && isItem(n)) compare(v, n, loss, label(key));
      else if (typeof v === 'string' && typeof n === 'string' && n.length < v.length) loss.shortened.add(name);
    });
  }
}

export function reencodingLoss(dataset: Dataset): ReencodingLoss {
  const lib = dimseLibrary();
  const syntax = dataset.getTransferSyntaxUid() === DEFLATED_LE ? EXPLICIT_LE : dataset.getTransferSyntaxUid();
  const elements = dataset.getElements();
  // A plain Dataset: a raw one would hand back its own bytes.
  const written = new lib.Dataset(elements, syntax).getDenaturalizedDataset({ allowInvalidVRLength: true });
  const back = new lib.Dataset(written, syntax).getElements();
  const loss = { dropped: new Set<string>(), shortened: new Set<string>() };
  compare(elements, back, loss);
  return { dropped: [...loss.dropped], shortened: [...loss.shortened] };
}
