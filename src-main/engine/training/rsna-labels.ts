// The RSNA Pneumonia Detection labels CSV: patientId,x,y,width,height,Target with one row per box
// (or one row with Target 0). An image is positive when any of its rows has Target 1.
import { AlveoError } from '../../api/errors';
import { readCsvRecords } from './csv-records';
import { readRegularFile } from '../files/regular-file';

/** True when a CSV header line has the RSNA label columns. */
export function isRsnaLabelHeader(headerLine: string): boolean {
  const cols = (readCsvRecords(headerLine, ',')[0]?.cells ?? []).map((c) => c.trim().toLowerCase());
  return cols.includes('patientid') && cols.includes('target');
}

export async function readRsnaLabels(file: string): Promise<Map<string, 0 | 1>> {
  const text = await readRegularFile(file, 'utf8');
  const records = readCsvRecords(text, ',').filter((r) => r.cells.some((c) => c.trim() !== ''));
  const header = (records[0]?.cells ?? []).map((c) => c.trim().toLowerCase());
  if (!header.includes('patientid') || !header.includes('target')) {
    throw new AlveoError('BAD_ARGUMENT', 'not an RSNA labels CSV (needs patientId and Target columns)', file);
  }
  const idCol = header.indexOf('patientid');
  const targetCol = header.indexOf('target');
  const labels = new Map<string, 0 | 1>();
  for (const { line, cells } of records.slice(1)) {
    const id = cells[idCol]?.trim();
    const target = cells[targetCol]?.trim();
    if (!id || (target !== '0' && target !== '1')) {
      throw new AlveoError('CORRUPT', `line ${line}: expected a patientId and Target 0 or 1`, file);
    }
    labels.set(id, target === '1' || labels.get(id) === 1 ? 1 : 0);
  }
  return labels;
}
