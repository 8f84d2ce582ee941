// Named pipes in a dataset folder (review 44 F2): a patients.csv or any *.csv at the root that is
// one hung inspectDataset and training for good (open() on a pipe waits for a writer); pipes
// among the images were passed over unsaid. Each is now refused or skipped at once, and named.
import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { importDataset } from '../../../src-main/engine/training/import-dataset';
import { readPatientsCsv } from '../../../src-main/engine/training/patients-csv';
import { readRsnaLabels } from '../../../src-main/engine/training/rsna-labels';
import { makeFifo } from '../../cli/support/fifo';
import { rejectsWithFileError } from '../../support/rejects-with-file-error';
import { tempDir } from '../../support/temp-dir';
import { writeImage } from './support/draw-images';

const PIPE = /not a regular file \(a named pipe\)/;
const fifos: Array<{ release(): Promise<void> }> = [];
const fifo = (path: string) => fifos.push(makeFifo(path));

/** Rejects after `ms` (freeing what the pipes hold), so an unfixed reader fails instead of hanging the run. */
async function promptly<T>(p: Promise<T>, ms = 5000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void Promise.all(fifos.map((f) => f.release()));
      reject(new Error(`still waiting after ${ms} ms: blocked on a named pipe`));
    }, ms);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function classFolders(): Promise<string> {
  const root = await tempDir('alveo-ds-fifo-');
  await writeImage(join(root, 'NORMAL', 'a.png'), 'png', 32, 1, false);
  await writeImage(join(root, 'PNEUMONIA', 'b.png'), 'png', 32, 2, true);
  return root;
}

after(async () => {
  await Promise.all(fifos.map((f) => f.release()));
});

test('a patients.csv that is a named pipe: inspecting the folder is refused at once, the file named', async () => {
  const root = await classFolders();
  const csv = join(root, 'patients.csv');
  fifo(csv);
  await rejectsWithFileError(promptly(readPatientsCsv(csv)), csv, 'BAD_ARGUMENT', PIPE);
  await rejectsWithFileError(promptly(importDataset(root)), csv, 'BAD_ARGUMENT', PIPE);
});

test('any *.csv at the root that is a named pipe is not taken for RSNA labels, nor waited on', async () => {
  const root = await classFolders();
  const csv = join(root, 'labels.csv');
  fifo(csv);
  const { summary } = await promptly(importDataset(root));
  assert.equal(summary.layout, 'class-folders');
  assert.deepEqual(summary.images, { NORMAL: 1, PNEUMONIA: 1 });
  await rejectsWithFileError(promptly(readRsnaLabels(csv)), csv, 'BAD_ARGUMENT', PIPE);
});

test('named pipes among the images are skipped and named, with links to them', async () => {
  const root = await classFolders();
  fifo(join(root, 'NORMAL', 'pipe.jpeg'));
  fifo(join(root, 'PNEUMONIA', 'pipe.png'));
  symlinkSync(join(root, 'NORMAL', 'pipe.jpeg'), join(root, 'PNEUMONIA', 'link.jpeg'));
  const { summary } = await promptly(importDataset(root));
  assert.deepEqual(summary.images, { NORMAL: 1, PNEUMONIA: 1 });
  assert.equal(summary.skipped.total, 3);
  const reasons = Object.fromEntries(summary.skipped.files.map((s) => [s.file.slice(root.length + 1), s.reason]));
  assert.deepEqual(reasons, {
    'NORMAL/pipe.jpeg': 'not a regular file (a named pipe)',
    'PNEUMONIA/pipe.png': 'not a regular file (a named pipe)',
    'PNEUMONIA/link.jpeg': 'link to a file that is not a regular file (a named pipe)',
  });
});
