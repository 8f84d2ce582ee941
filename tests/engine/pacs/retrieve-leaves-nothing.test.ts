// A failed retrieve leaves nothing behind (review 28 F9), as docs/pacs.md says: not even the --out
// folder when the retrieve made it (nor the folders above it that it made); a folder that was
// already there stays, as it was. A real Orthanc that does not hold the study asked for.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openPacsClient } from '../../../src-main/engine/pacs/open-pacs-client';
import { PacsError } from '../../../src-main/engine/pacs/pacs-error';
import { parsePacsNode } from '../../../src-main/engine/pacs/pacs-node';
import { retrieveStudy } from '../../../src-main/engine/pacs/retrieve-study';
import { tempDir } from '../../support/temp-dir';
import { orthancMissing, startOrthanc, type Orthanc } from './support/orthanc';

const skip = orthancMissing();
const NOWHERE = '1.2.826.0.1.3680043.2.1125.133.404';
let pacs: Orthanc;
let dir: string;

before(async () => {
  if (skip) return;
  dir = await tempDir('alveo-retrieve-nothing-');
  pacs = await startOrthanc();
});
after(async () => {
  if (!skip) await pacs?.stop();
});

test('a failed retrieve removes the --out folders it made', { skip }, async () => {
  const out = join(dir, 'new', 'study');
  await assert.rejects(retrieveStudy(openPacsClient(parsePacsNode(pacs.dimse)), NOWHERE, out), (e: unknown) => e instanceof PacsError && e.failure === 'not-found');
  assert.equal(existsSync(join(dir, 'new')), false, 'neither the folder nor the one above it, both made by the retrieve');
  assert.deepEqual(await readdir(dir), []);
});

test('a failed retrieve into a folder that was there leaves it as it was', { skip }, async () => {
  const out = join(dir, 'mine');
  await mkdir(out);
  await writeFile(join(out, 'keep.txt'), 'x');
  await assert.rejects(retrieveStudy(openPacsClient(parsePacsNode(pacs.dimse)), NOWHERE, out));
  assert.deepEqual(await readdir(out), ['keep.txt']);
});
