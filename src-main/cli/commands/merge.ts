// alveo merge PART.csv... --csv OUT [--folder FOLDER [--recursive]] [--bom] [--decimal-comma]
// Joins the parts of a sharded `alveo score --shard I/N` run into one CSV (sorted by file) after
// checking that no file appears twice and that one model scored them all; with --folder, that every
// image of the folder is in some part. Nothing is written when a check fails (exit 1). Parts of any
// CSV style score writes are read (comma or ';' with decimal commas); the merged file keeps the
// style every part has, or the one asked for.
import { readFile } from 'node:fs/promises';
import { AlveoError } from '../../api/errors';
import { mergeScoreParts } from '../../engine/inference/merge-score-parts';
import { readScoreCsv, type ScoreCsvTable } from '../../engine/inference/read-score-csv';
import { scoreTableCsv } from '../../engine/inference/score-csv';
import { PRIVATE_FILE_MODE, writeFileAtomic } from '../../engine/files/atomic-files';
import { csvStyleOf, UTF8_BOM } from '../../engine/text/csv-cell';
import { findImageFiles } from '../../engine/studies/find-images';
import { printJsonLine, UsageError } from '../cli-conventions';
import { defineCommand } from '../command';
import { errnoInWords } from '../../engine/files/errno-in-words';

export const command = defineCommand({
  name: 'merge',
  args: 'PART.csv...',
  summary: 'join the parts of score --shard runs, checked',
  options: {
    csv: { type: 'string', arg: 'OUT', required: true, help: 'the merged CSV to write (only when every check passes)' },
    folder: { type: 'string', arg: 'FOLDER', help: 'check that every image of FOLDER is in some part' },
    recursive: { type: 'boolean', help: "with --folder: FOLDER's sub-folders too (as score --recursive)" },
    bom: { type: 'boolean', help: 'start the CSV with a UTF-8 byte-order mark (for Excel); without it, kept when every part has one' },
    'decimal-comma': { type: 'boolean', help: "write it ';'-separated with decimal commas, for Excel set so (as score --decimal-comma); without it, kept when every part is so" },
    json: { type: 'boolean', help: 'print a one-line JSON summary' },
  },
  async run({ values, positionals }) {
    if (positionals.length === 0) throw new UsageError('give the PART.csv files to merge');
    try {
      const parts: ScoreCsvTable[] = [];
      // Parts written with score --bom (for Excel) make a merged file with one too (review 29 F11).
      let everyPartBom = true;
      for (const file of positionals) {
        // score writes a cancelled run's rows as NAME.partial.csv: such a part is not all of its shard.
        if (/\.partial\.csv$/i.test(file)) throw new AlveoError('BAD_ARGUMENT', 'a cancelled run\'s partial rows, not a whole shard: run that shard\'s score command again to finish it', file);
        const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
          throw new AlveoError(err.code === 'ENOENT' ? 'NOT_FOUND' : 'BAD_ARGUMENT', `cannot read the part (${err.code === 'ENOENT' ? 'no such file' : errnoInWords(err)})`, file);
        });
        everyPartBom &&= text.startsWith(UTF8_BOM);
        parts.push(readScoreCsv(text, file));
      }
      const coverage = values.folder ? { folder: values.folder, files: await findImageFiles(values.folder, values.recursive) } : undefined;
      const merged = mergeScoreParts(parts, coverage);
      // Parts written for Excel with a decimal comma make a merged file for it too (review 41 F7).
      const decimalComma = values['decimal-comma'] || parts.every((p) => p.delimiter === ';');
      const style = csvStyleOf({ bom: values.bom || everyPartBom, decimalComma });
      // Private like score's CSV (the rows may carry PatientName/PatientID); an existing target keeps its mode.
      await writeFileAtomic(values.csv, scoreTableCsv(merged.header, merged.rows, style), PRIVATE_FILE_MODE);
      const failed = merged.rows.filter((r) => r[5] !== '').length;
      const checked = coverage ? `, every image of ${coverage.folder} present` : ', not checked that every image is in some part: add --folder FOLDER';
      process.stderr.write(`${merged.rows.length} rows from ${merged.parts} parts (${failed} failed, model ${merged.model ?? 'none'}${checked}) -> ${values.csv}\n`);
      if (values.json) printJsonLine({ csv: values.csv, rows: merged.rows.length, parts: merged.parts, failed, model: merged.model ?? null, complete: coverage ? true : null });
      return 0;
    } catch (err) {
      console.error(`alveo merge: ${err instanceof Error ? err.message : String(err)}`);
      return 1;
    }
  },
});
