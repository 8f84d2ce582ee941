// How the readers' reads agree with the model's labels: per model (a read names the model that
// answered the same image then), a 2x2 table over the reads where both are findings, the share that
// agree, Cohen's kappa with an approximate 95% interval, and the same split by whether the model's
// answer was on screen as the reader chose (automation bias shows as higher agreement "after").
import { readerAgrees, type ReaderRead } from '../../api/reader-reads';

export interface AgreementTable {
  /** [read pneumonia, read no pneumonia] x [model pneumonia, model no pneumonia]. */
  both: number;
  readerOnly: number;
  modelOnly: number;
  neither: number;
}

export interface Agreement {
  n: number;
  table: AgreementTable;
  /** Share of reads that agree with the model's label; null with none. */
  agreement: number | null;
  kappa: number | null;
  /** Approximate 95% interval (kappa ± 1.96 SE, SE = sqrt(po(1-po) / (n (1-pe)^2))), clipped to [-1, 1]; none under MIN_READS_FOR_INTERVAL. */
  kappaInterval: [number, number] | null;
}

export interface ModelAgreement {
  model: string;
  /** The readers' findings now. */
  all: Agreement;
  /** First reads made before the model's answer was shown (read first, kept even when changed since) / findings now made with it on screen. */
  before: Agreement;
  after: Agreement;
  /** Blinded reads whose finding the reader changed once the answer was shown, and how many of those changed to the model's label. */
  changedAfterAi: number;
  changedTowardModel: number;
  /** Each reader's findings now, with this model's answers. */
  readers: { reader: string; all: Agreement }[];
  /** Reads left out: indeterminate, or the model's answer held back (not a finding). */
  indeterminate: number;
  heldBack: number;
}

export interface ReadsSummary {
  reads: number;
  readers: string[];
  /** Reads with no model answer recorded (the model could not read the image). */
  withoutModel: number;
  models: ModelAgreement[];
}

/** Below this the normal approximation says nothing worth printing (1 read would give [0, 0]). */
export const MIN_READS_FOR_INTERVAL = 20;

function agreementOf(pairs: { reader: boolean; model: boolean }[]): Agreement {
  const table: AgreementTable = { both: 0, readerOnly: 0, modelOnly: 0, neither: 0 };
  for (const p of pairs) {
    if (p.reader && p.model) table.both++;
    else if (p.reader) table.readerOnly++;
    else if (p.model) table.modelOnly++;
    else table.neither++;
  }
  const n = pairs.length;
  if (!n) return { n, table, agreement: null, kappa: null, kappaInterval: null };
  const po = (table.both + table.neither) / n;
  const readerYes = (table.both + table.readerOnly) / n;
  const modelYes = (table.both + table.modelOnly) / n;
  const pe = readerYes * modelYes + (1 - readerYes) * (1 - modelYes);
  // Both always said the same one thing: chance agreement is 1 and kappa is undefined.
  if (pe >= 1) return { n, table, agreement: po, kappa: null, kappaInterval: null };
  const kappa = (po - pe) / (1 - pe);
  const se = Math.sqrt((po * (1 - po)) / (n * (1 - pe) ** 2));
  const clip = (x: number) => Math.max(-1, Math.min(1, x));
  // Perfect agreement: the formula's standard error is 0, and [1, 1] would claim a certainty no finite set of reads gives.
  return { n, table, agreement: po, kappa, kappaInterval: n >= MIN_READS_FOR_INTERVAL && po < 1 ? [clip(kappa - 1.96 * se), clip(kappa + 1.96 * se)] : null };
}

export function readsSummary(reads: readonly ReaderRead[]): ReadsSummary {
  const byModel = new Map<string, ReaderRead[]>();
  let withoutModel = 0;
  for (const r of reads) {
    if (!r.ai) {
      withoutModel++;
      continue;
    }
    byModel.set(r.ai.model, [...(byModel.get(r.ai.model) ?? []), r]);
  }
  const models = [...byModel].map(([model, list]): ModelAgreement => {
    const answered = list.filter((r) => !r.ai?.heldBack);
    const compared = answered.filter((r) => r.finding !== 'indeterminate');
    const modelSays = (r: ReaderRead) => r.ai?.label === 'PNEUMONIA';
    const pair = (r: ReaderRead) => ({ reader: r.finding === 'pneumonia', model: modelSays(r) });
    // The blinded read, whether or not it was changed since: what the reader said on their own.
    const blinded = answered.map((r) => (r.first && !r.first.afterAi ? { ...r, finding: r.first.finding } : r)).filter((r) => !(r.first ? r.first.afterAi : r.afterAi) && r.finding !== 'indeterminate');
    const changed = answered.filter((r) => r.first && !r.first.afterAi && r.first.finding !== r.finding);
    return {
      model,
      all: agreementOf(compared.map(pair)),
      before: agreementOf(blinded.map(pair)),
      after: agreementOf(compared.filter((r) => r.afterAi).map(pair)),
      changedAfterAi: changed.length,
      changedTowardModel: changed.filter((r) => r.ai && readerAgrees(r, r.ai) === true).length,
      readers: [...new Set(compared.map((r) => r.reader))].sort().map((reader) => ({ reader, all: agreementOf(compared.filter((r) => r.reader === reader).map(pair)) })),
      indeterminate: list.filter((r) => r.finding === 'indeterminate').length,
      heldBack: list.filter((r) => r.finding !== 'indeterminate' && r.ai?.heldBack).length,
    };
  });
  return { reads: reads.length, readers: [...new Set(reads.map((r) => r.reader))].sort(), withoutModel, models };
}
