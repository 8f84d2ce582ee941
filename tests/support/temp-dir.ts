// A temp folder that is removed when the test process exits, however the test ended: tests that
// made folders and never removed them left gigabytes in /tmp over a few runs (the Kermany subsets
// hold trained models). ALVEO_KEEP_TEST_TMP=1 keeps them for a look after a failure.
import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];
let hooked = false;

function removeAll(): void {
  if (process.env.ALVEO_KEEP_TEST_TMP === '1') return;
  for (const dir of made) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.push(dir);
  if (!hooked) {
    hooked = true;
    process.on('exit', removeAll);
  }
  return dir;
}
