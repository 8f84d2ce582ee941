// A small real dataset for training tests: links (not copies) to the first images of each class of
// ../shared/data/kermany-224/train, in a temp folder laid out as class folders.
import { mkdir, readdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { SHARED_DATA } from '../../studies/shared-data';
import { tempDir } from '../../../support/temp-dir';

export const KERMANY_TRAIN = join(SHARED_DATA, 'kermany-224', 'train');

/** Every `step`-th file per class (spread over patients), `perClass` of them. */
export async function kermanySubset(perClass: number, step = 7): Promise<string> {
  const root = await tempDir('alveo-kermany-subset-');
  for (const cls of ['NORMAL', 'PNEUMONIA']) {
    await mkdir(join(root, cls));
    const files = (await readdir(join(KERMANY_TRAIN, cls))).sort().filter((_, i) => i % step === 0).slice(0, perClass);
    for (const f of files) await symlink(join(KERMANY_TRAIN, cls, f), join(root, cls, f));
  }
  return root;
}
