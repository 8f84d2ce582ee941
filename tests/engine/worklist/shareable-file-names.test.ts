// The file column of a CSV shared without identifiers: the path inside the scored folder, and a
// neutral key for files in Alveo's PACS cache (their names are Study and SOP Instance UIDs).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { pacsCacheDir } from '../../../src-main/engine/pacs/pacs-cache-dir';
import { shareableFileNames } from '../../../src-main/engine/worklist/shareable-file-names';

const home = join('/', 'home', 'u', '.alveo');
const cache = pacsCacheDir(home);

test('files of the scored folder are named by their path inside it, with / separators', () => {
  const name = shareableFileNames('/data/batch500', cache);
  assert.equal(name('/data/batch500/a1.dcm'), 'a1.dcm');
  assert.equal(name(join('/data/batch500', 'sub', 'P_person1345.jpeg')), 'sub/P_person1345.jpeg');
  assert.equal(name('/elsewhere/x.png'), 'x.png', 'outside the folder: the name alone, never the path');
});

test('PACS-cache files get pacs-study-N/image-M, numbered in order of first appearance, the same key each time', () => {
  const study1 = '1.2.276.0.7230010.3.1.2.8323328.32583.1796085828.733936';
  const study2 = '1.2.276.0.7230010.3.1.2.8323328.32588.1796085828.770210';
  const file = (study: string, sop: string) => join(cache, study, `${sop}.dcm`);
  for (const folder of [cache, join(cache, study1), '/somewhere/else']) {
    const name = shareableFileNames(folder, cache);
    assert.equal(name(file(study1, '1.2.3.1')), 'pacs-study-1/image-1');
    assert.equal(name(file(study1, '1.2.3.2')), 'pacs-study-1/image-2');
    assert.equal(name(file(study2, '1.2.9.1')), 'pacs-study-2/image-1');
    assert.equal(name(file(study1, '1.2.3.1')), 'pacs-study-1/image-1', 'the same file, the same key');
  }
});
