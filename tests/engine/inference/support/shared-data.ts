// The real data (ALVEO_SHARED_DATA, else ../shared/data beside the repository), and a skip reason when it is absent.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataNotFound, SHARED_DATA_DIR } from '../../../support/shared-data-dir';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const SHARED_DATA = SHARED_DATA_DIR;
export const KERMANY_VAL = join(SHARED_DATA, 'kermany-orig', 'val');
export const DICOM_NATIVE = join(SHARED_DATA, 'dicom', 'native');
export const DICOM_SMALL = join(SHARED_DATA, 'dicom', 'small');

export function skipUnless(path: string): string | false {
  return existsSync(path) ? false : dataNotFound(path);
}
