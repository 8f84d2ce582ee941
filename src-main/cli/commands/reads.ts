// alveo reads [--from HOME,...] [--csv OUT] [--bom] [--decimal-comma] [--json]
// The reads readers recorded in the app ("Your read"), summed up as agreement with the model that
// answered each image (a 2x2 table, agreement, Cohen's kappa), per reader, blinded first reads
// against findings made with the answer on screen, and the findings changed once it was; --csv
// writes every read with the model's answer beside it. --from pools several user folders (one per
// reader's account, for a study coordinator).
import { PRIVATE_FILE_MODE, writeFileAtomic } from '../../engine/files/atomic-files';
import { defaultUserDir } from '../../engine/engine-deps';
import { MIN_READS_FOR_INTERVAL, readsSummary, type Agreement, type ModelAgreement } from '../../engine/readings/read-agreement';
import { existsSync } from 'node:fs';
import { readsFile } from '../../engine/readings/reader-read-store';
import { pooledReads } from '../../engine/readings/pooled-reads';
import { readsCsv } from '../../engine/readings/reads-csv';
import { csvStyleOf } from '../../engine/text/csv-cell';
import { importDataset } from '../../engine/training/import-dataset';
import { labelName } from '../../engine/training/dataset-item';
import { readsVsTruth, type Accuracy, type Rate } from '../../engine/readings/reads-vs-truth';
import type { Label } from '../../api/shared';
import { printJsonLine, UsageError } from '../cli-conventions';
import { defineCommand } from '../command';

const pc = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);
const k = (a: Agreement) =>
  a.kappa === null
    ? "Cohen's kappa n/a"
    : `Cohen's kappa ${a.kappa.toFixed(2)}${a.kappaInterval ? ` [${a.kappaInterval[0].toFixed(2)} to ${a.kappaInterval[1].toFixed(2)}]` : ` (no interval under ${MIN_READS_FOR_INTERVAL} reads)`}`;

const rateText = (r: Rate) => (r.value === null ? 'n/a' : `${pc(r.value)} (${r.k}/${r.n}) [${pc(r.low)}-${pc(r.high)}]`);
const accuracyText = (a: Accuracy) => `sensitivity ${rateText(a.sensitivity)} · specificity ${rateText(a.specificity)}`;

/** The reference standard: a labelled folder (NORMAL/, PNEUMONIA/, or any layout train/evaluate read), by image content. */
async function truthOf(folder: string): Promise<Map<string, Label>> {
  const { items } = await importDataset(folder);
  if (!items.length) throw new UsageError(`--truth ${folder}: no labelled image found (NORMAL/ and PNEUMONIA/ folders, as alveo evaluate reads)`);
  return new Map(items.map((i) => [`${i.sha256.slice(0, 16)}:0`, labelName(i.label)]));
}

function describeModel(m: ModelAgreement): string[] {
  const t = m.all.table;
  return [
    `Model ${m.model}: ${m.all.n} read(s) where both the reader and the model give a finding`,
    `  ${''.padEnd(22)}${'model: pneumonia'.padStart(18)}${'model: no pneumonia'.padStart(22)}`,
    `  ${'read: pneumonia'.padEnd(22)}${String(t.both).padStart(18)}${String(t.readerOnly).padStart(22)}`,
    `  ${'read: no pneumonia'.padEnd(22)}${String(t.modelOnly).padStart(18)}${String(t.neither).padStart(22)}`,
    `  agreement ${pc(m.all.agreement)} · ${k(m.all)}`,
    `  read first (before the model's answer): ${pc(m.before.agreement)} of ${m.before.n}; with the answer on screen: ${pc(m.after.agreement)} of ${m.after.n}`,
    ...(m.changedAfterAi ? [`  changed after seeing the model's answer: ${m.changedAfterAi} blinded read(s), ${m.changedTowardModel} of them to the model's label`] : []),
    ...(m.readers.length > 1 ? m.readers.map((r) => `  ${r.reader}: agreement ${pc(r.all.agreement)} of ${r.all.n} · ${k(r.all)}`) : []),
    ...(m.indeterminate || m.heldBack ? [`  left out: ${m.indeterminate} indeterminate read(s), ${m.heldBack} read(s) of answers held back (not a finding)`] : []),
  ];
}

export const command = defineCommand({
  name: 'reads',
  summary: "readers' own reads recorded in the app, and their agreement with the model",
  options: {
    truth: { type: 'string', arg: 'FOLDER', help: 'a reference standard: a labelled folder (NORMAL/, PNEUMONIA/) holding the images read; readers and the model get sensitivity and specificity against it' },
    from: { type: 'string', arg: 'HOMES', help: "pool the reads of these user folders, comma-separated (each reader's ALVEO_HOME), instead of this one's" },
    csv: { type: 'string', arg: 'OUT', help: 'write every read (file, finding, note, reader, time, the model\'s answer then, agreement) to OUT' },
    bom: { type: 'boolean', help: 'start the CSV with a UTF-8 byte-order mark (for Excel)' },
    'decimal-comma': { type: 'boolean', help: "for Excel set to a decimal comma (German, French… regional settings): ';'-separated, 0,25 in the number columns, with the byte-order mark" },
    json: { type: 'boolean', help: 'print the summary as one JSON object' },
  },
  help: [
    'Reads are recorded in the app\'s AI panel ("Your read"). Agreement counts the reads where both',
    'give a finding: an indeterminate read, or a model answer held back as outside its intended use,',
    'is left out (and counted). The kappa interval is approximate (kappa ± 1.96 SE).',
  ].join('\n'),
  async run({ values }) {
    const homes = values.from ? values.from.split(',').map((h) => h.trim()).filter(Boolean) : [defaultUserDir()];
    const pooled = await pooledReads(homes);
    for (const note of pooled.notes) console.error(`alveo reads: ${note}`);
    const reads = pooled.reads;
    // A folder named by mistake (or a reader who read nothing) must not pass as pooled.
    for (const h of values.from ? homes : []) if (!existsSync(readsFile(h))) console.error(`alveo reads: no reads in ${h} (${readsFile(h)} does not exist)`);
    if (values.csv) await writeFileAtomic(values.csv, readsCsv(reads, { style: csvStyleOf({ bom: values.bom, decimalComma: values['decimal-comma'] }) }), PRIVATE_FILE_MODE);
    const truth = values.truth ? readsVsTruth(reads, await truthOf(values.truth)) : null;
    const summary = readsSummary(reads);
    if (values.json) {
      printJsonLine(truth ? { ...summary, truth } : summary);
      return 0;
    }
    if (!reads.length) {
      console.log('No reads recorded yet: record one in the app\'s AI panel ("Your read").');
      return 0;
    }
    console.log(`${reads.length} read(s) by ${summary.readers.join(', ')}${summary.withoutModel ? `; ${summary.withoutModel} of images the model could not read` : ''}`);
    for (const m of summary.models) for (const line of describeModel(m)) console.log(line);
    if (truth) {
      console.log(`Against the reference standard (${values.truth}): ${truth.matched} of ${truth.reads} read(s) are of its images; per image, Wilson 95% intervals`);
      for (const m of truth.models) console.log(`  model ${m.model}: ${accuracyText(m.accuracy)}${m.heldBack ? ` (${m.heldBack} held back, left out)` : ''}`);
      for (const r of truth.readers) {
        if (r.blinded) console.log(`  ${r.reader}, read first: ${accuracyText(r.blinded)}`);
        console.log(`  ${r.reader}, final: ${accuracyText(r.final)}${r.indeterminate ? ` (${r.indeterminate} indeterminate, left out)` : ''}`);
      }
    }
    if (values.csv) console.error(`${reads.length} read(s) -> ${values.csv}`);
    return 0;
  },
});
