// A named pipe or a device opened as a study (review 44 F2) was called "the file is empty", and
// as a thumbnail "no such file": both now say what the file is, as openStudySet does.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createEngine, type Engine } from '../../../src-main/engine/index';
import { makeFifo } from '../../cli/support/fifo';
import { rejectsWithFileError } from '../../support/rejects-with-file-error';
import { tempDir } from '../../support/temp-dir';

let dir: string;
let engine: Engine;
let pipe: { path: string; release(): Promise<void> };

before(async () => {
  dir = await tempDir('alveo-special-');
  mkdirSync(join(dir, 'builtin'));
  engine = createEngine({ builtInModelsDir: join(dir, 'builtin'), userDir: join(dir, 'home'), backend: 'wasm' });
  pipe = makeFifo(join(dir, 'x.dcm'));
});
after(async () => {
  await pipe?.release();
  await engine?.dispose();
});

test('openStudy on a named pipe or a character device says what it is, not "the file is empty"', async () => {
  await rejectsWithFileError(engine.openStudy(pipe.path), pipe.path, 'NOT_AN_IMAGE', /not a regular file \(a named pipe\)/);
  if (existsSync('/dev/zero')) await rejectsWithFileError(engine.openStudy('/dev/zero'), '/dev/zero', 'NOT_AN_IMAGE', /not a regular file \(a character device\)/);
});

test('getThumbnail on a named pipe or a folder says what it is, not "no such file"', async () => {
  await rejectsWithFileError(engine.getThumbnail(pipe.path), pipe.path, 'NOT_AN_IMAGE', /not a regular file \(a named pipe\)/);
  await rejectsWithFileError(engine.getThumbnail(dir), dir, 'NOT_AN_IMAGE', /is a folder/);
  await rejectsWithFileError(engine.getThumbnail(join(dir, 'gone.png')), join(dir, 'gone.png'), 'NOT_FOUND', /no such file/);
});
