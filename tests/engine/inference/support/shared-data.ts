// The real data beside the repository (../shared/data), and a skip reason when it is absent.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const SHARED_DATA = resolve(REPO_ROOT, '../shared/data');
export const KERMANY_VAL = join(SHARED_DATA, 'kermany-orig', 'val');
export const DICOM_NATIVE = join(SHARED_DATA, 'dicom', 'native');
export const DICOM_SMALL = join(SHARED_DATA, 'dicom', 'small');

export function skipUnless(path: string): string | false {
  return existsSync(path) ? false : `real data not found at ${path} (../shared/data is absent in a fresh clone)`;
}
