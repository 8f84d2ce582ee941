// Nothing leaves the machine: onnxruntime-node's official builds send usage telemetry to Microsoft
// unless ORT_DISABLE_TELEMETRY is set, and leave traces of it on disk (an event queue and device ID
// under ~/.cache/Microsoft, a mat-debug-<pid>.log in the temp folder) that show it was on. The CLI
// runs a real prediction with a private HOME and temp folder, and neither may appear (review 12 H1).
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from './support/run-cli';
import { writeGrayPng } from '../engine/inference/support/draw-png';
import { tempDir } from '../support/temp-dir';

test('a prediction on ONNX Runtime writes no telemetry queue, device ID or mat-debug log', async () => {
  const root = await tempDir('alveo-telemetry-');
  const home = join(root, 'home');
  const tmp = join(root, 'tmp');
  await mkdir(home);
  await mkdir(tmp);
  const image = join(root, 'a.png');
  await writeGrayPng(image, 256, 256, [{ top: 40, left: 40, width: 60, height: 120, value: 200 }], 60);
  const env: Record<string, string> = { HOME: home, TMPDIR: tmp, ALVEO_HOME: join(root, 'alveo'), XDG_CACHE_HOME: '' };
  const r = await runCli(['predict', image, '--json'], env);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /"engine":"onnxruntime/, 'the prediction ran on ONNX Runtime');
  assert.ok(!existsSync(join(home, '.cache', 'Microsoft')), `ONNX Runtime kept telemetry in ${join(home, '.cache', 'Microsoft')}`);
  assert.deepEqual(readdirSync(tmp).filter((n) => n.startsWith('mat-debug')), []);
});
