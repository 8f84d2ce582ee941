// The RSNA Pneumonia Detection labels CSV: patientId,x,y,width,height,Target with one row per box
// (or one row with Target 0). An image is positive when any of its rows has Target 1.
import { readFile } from 'node:fs/promises';
import { AlveoError } from '../../api/errors';

/** True when a CSV header line has the RSNA label columns. */
export function isRsnaLabelHeader(headerLine: string): boolean {
  const cols = splitCsvLine(headerLine).map((c) => c.trim().toLowerCase());
  return cols.includes('patientid') && cols.includes('target');
}

export async function readRsnaLabels(file: string): Promise<Map<string, 0 | 1>> {
  const text = await readFile(file, 'utf8');
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0 || !isRsnaLabelHeader(lines[0])) {
    throw new AlveoError('BAD_ARGUMENT', 'not an RSNA labels CSV (needs patientId and Target columns)', file);
  }
  const header = splitCsvLine(lines[0]).map((c) => c.trim().toLowerCase());
  const idCol = header.indexOf('patientid');
  const targetCol = header.indexOf('target');
  const labels = new Map<string, 0 | 1>();
  for (let i = 1; i < lines.length; i++) {
    const cells = splitCsvLine(lines[i]);
    const id = cells[idCol]?.trim();
    const target = cells[targetCol]?.trim();
    if (!id || (target !== '0' && target !== '1')) {
      throw new AlveoError('CORRUPT', `line ${i + 1}: expected a patientId and Target 0 or 1`, file);
    }
    labels.set(id, target === '1' || labels.get(id) === 1 ? 1 : 0);
  }
  return labels;
}

function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}
