// alveo reads [--from HOME,...] [--csv OUT] [--bom] [--json]
// The reads readers recorded in the app ("Your read"), summed up as agreement with the model that
// answered each image (a 2x2 table, agreement, Cohen's kappa), per reader, blinded first reads
// against findings made with the answer on screen, and the findings changed once it was; --csv
// writes every read with the model's answer beside it. --from pools several user folders (one per
// reader's account, for a study coordinator).
import { PRIVATE_FILE_MODE, writeFileAtomic } from '../../engine/atomic-files';
import { defaultUserDir } from '../../engine/engine-deps';
import { MIN_READS_FOR_INTERVAL, readsSummary, type Agreement, type ModelAgreement } from '../../engine/readings/read-agreement';
import { existsSync } from 'node:fs';
import { ReaderReadStore, readsFile } from '../../engine/readings/reader-read-store';
import { readsCsv } from '../../engine/readings/reads-csv';
import { printJsonLine } from '../cli-conventions';
import { defineCommand } from '../command';

const pc = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);
const k = (a: Agreement) =>
  a.kappa === null
    ? "Cohen's kappa n/a"
    : `Cohen's kappa ${a.kappa.toFixed(2)}${a.kappaInterval ? ` [${a.kappaInterval[0].toFixed(2)} to ${a.kappaInterval[1].toFixed(2)}]` : ` (no interval under ${MIN_READS_FOR_INTERVAL} reads)`}`;

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
    from: { type: 'string', arg: 'HOMES', help: "pool the reads of these user folders, comma-separated (each reader's ALVEO_HOME), instead of this one's" },
    csv: { type: 'string', arg: 'OUT', help: 'write every read (file, finding, note, reader, time, the model\'s answer then, agreement) to OUT' },
    bom: { type: 'boolean', help: 'start the CSV with a UTF-8 byte-order mark (for Excel)' },
    json: { type: 'boolean', help: 'print the summary as one JSON object' },
  },
  help: [
    'Reads are recorded in the app\'s AI panel ("Your read"). Agreement counts the reads where both',
    'give a finding: an indeterminate read, or a model answer held back as outside its intended use,',
    'is left out (and counted). The kappa interval is approximate (kappa ± 1.96 SE).',
  ].join('\n'),
  async run({ values }) {
    const homes = values.from ? values.from.split(',').map((h) => h.trim()).filter(Boolean) : [defaultUserDir()];
    // Withdrawn reads are markers, not reads.
    const reads = (await Promise.all(homes.map((h) => new ReaderReadStore(h).all()))).flat().filter((r) => !r.withdrawn);
    // A folder named by mistake (or a reader who read nothing) must not pass as pooled.
    for (const h of values.from ? homes : []) if (!existsSync(readsFile(h))) console.error(`alveo reads: no reads in ${h} (${readsFile(h)} does not exist)`);
    if (values.csv) await writeFileAtomic(values.csv, readsCsv(reads, { bom: values.bom }), PRIVATE_FILE_MODE);
    const summary = readsSummary(reads);
    if (values.json) {
      printJsonLine(summary);
      return 0;
    }
    if (!reads.length) {
      console.log('No reads recorded yet: record one in the app\'s AI panel ("Your read").');
      return 0;
    }
    console.log(`${reads.length} read(s) by ${summary.readers.join(', ')}${summary.withoutModel ? `; ${summary.withoutModel} of images the model could not read` : ''}`);
    for (const m of summary.models) for (const line of describeModel(m)) console.log(line);
    if (values.csv) console.error(`${reads.length} read(s) -> ${values.csv}`);
    return 0;
  },
});
