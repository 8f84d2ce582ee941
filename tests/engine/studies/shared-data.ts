// Where the real data lives (ALVEO_SHARED_DATA, else ../shared/data beside the repository), and a skip reason when absent.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataNotFound, SHARED_DATA_DIR } from '../../support/shared-data-dir';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const SHARED_DATA = SHARED_DATA_DIR;
export const DICOM_DIR = join(SHARED_DATA, 'dicom');
export const KERMANY_ORIG = join(SHARED_DATA, 'kermany-orig');

export function skipUnless(path: string): string | false {
  return existsSync(path) ? false : dataNotFound(path);
}

export interface SampleRow {
  file: string;
  transferSyntaxUid: string;
  photometric: string;
  bitsAllocated: number;
  bitsStored: number;
  pixelRepresentation: number;
  rows: number;
  columns: number;
  frames: number;
  modality: string;
  md5_12: string;
  lossy: boolean;
}

const LOSSY = new Set(['1.2.840.10008.1.2.4.50', '1.2.840.10008.1.2.4.51', '1.2.840.10008.1.2.4.91']);

/** SAMPLES.tsv, read by column name (empty cells kept: they are significant). */
export function readSamples(): SampleRow[] {
  const lines = readFileSync(join(DICOM_DIR, 'SAMPLES.tsv'), 'utf8').trimEnd().split('\n');
  const header = lines[0].split('\t');
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`SAMPLES.tsv has no column ${name}`);
    return i;
  };
  return lines.slice(1).map((line) => {
    const f = line.split('\t');
    const ts = f[col('transfer_syntax_uid')].replace(/\s*\(implied\)/, '');
    const [rows, columns] = f[col('rows_x_cols')].split('x').map(Number);
    return {
      file: join(DICOM_DIR, f[col('file')]),
      transferSyntaxUid: ts,
      photometric: f[col('photometric')],
      bitsAllocated: Number(f[col('bits_allocated')]),
      bitsStored: Number(f[col('bits_stored')]),
      pixelRepresentation: Number(f[col('pixel_rep')]),
      rows,
      columns,
      frames: Number(f[col('frames')] || 1),
      modality: f[col('modality')],
      md5_12: f[col('decoded_pixels_md5_12')],
      lossy: LOSSY.has(ts),
    };
  });
}
