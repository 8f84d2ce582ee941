// A deflated DICOM that inflates to far more than any image (a 300 MiB block of zeros in well under
// a megabyte) is refused by name with TOO_LARGE, wherever it is read: opened, grouped into a study
// set, looked at while a folder is scanned. Before, dicom-parser inflated it whole, without limit.
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { createEngine, sourceTreeDeps } from '../../../src-main/engine/index';
import { findStudyFiles } from '../../../src-main/engine/studies/find-images';
import { MAX_INFLATED_BYTES } from '../../../src-main/engine/studies/dicom/bounded-inflater';
import { writeDeflateBomb } from '../../fixtures/write-deflate-bomb';
import { tempDir } from '../../support/temp-dir';

test('a deflate bomb is refused by name, opened or grouped, and a folder scan lists it without inflating it whole', async () => {
  const dir = await tempDir('alveo-deflate-bomb-');
  const bomb = join(dir, 'bomb.dcm');
  await writeDeflateBomb(bomb, MAX_INFLATED_BYTES + 44 * 1024 * 1024);
  assert.ok((await stat(bomb)).size < 1024 * 1024, 'small on disk');
  const engine = createEngine(sourceTreeDeps({ userDir: join(dir, 'home') }));
  try {
    await assert.rejects(engine.openStudy(bomb), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'TOO_LARGE', err.message);
      assert.match(err.message, /bomb\.dcm.*inflates to more than 256 MiB/);
      return true;
    });
    const set = await engine.openStudySet([bomb]);
    assert.equal(set.images, 0);
    assert.deepEqual(set.errors.map((e) => e.code), ['TOO_LARGE']);
    const found = await findStudyFiles(dir, false);
    assert.deepEqual(found.files, [bomb], 'listed for a row that says why, not skipped silently');
  } finally {
    await engine.dispose();
  }
});
