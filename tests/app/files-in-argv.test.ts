// The files a launch names, resolved against that launch's working directory (review 29 F13: a
// second launch from another folder opened nothing), every one of them, options and folders left out.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { filesInArgv } from '../../src-main/app/files-in-argv';
import { tempDir } from '../support/temp-dir';

test("a launch's relative paths are resolved where it was started; all its files are kept", async () => {
  const dir = await tempDir('alveo-argv-');
  await mkdir(join(dir, 'sub'));
  await writeFile(join(dir, 'a.dcm'), 'x');
  await writeFile(join(dir, 'sub', 'b.dcm'), 'x');
  const argv = ['/opt/Alveo/alveo', '--no-sandbox', 'a.dcm', 'sub/b.dcm', 'sub', 'missing.dcm'];
  assert.deepEqual(filesInArgv(argv, dir), [join(dir, 'a.dcm'), join(dir, 'sub', 'b.dcm')]);
  assert.deepEqual(filesInArgv(argv, '/'), [], 'from another folder those names are not files');
  assert.deepEqual(filesInArgv(['/opt/Alveo/alveo', join(dir, 'a.dcm')], '/'), [join(dir, 'a.dcm')], 'an absolute path stays as it is');
});
