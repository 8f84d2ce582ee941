// Why CUDA is not tried on Linux (review 25 LOW 12): the opt-in rebuild is suggested only where an
// NVIDIA driver is present; elsewhere it could not help, and the note says CUDA is not available.
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CUDA_OPT_IN, missingOrtBinary, ortBinaryDir, providerPlan } from '../../../src-main/engine/runtime/execution-providers';
import { hasNvidiaDriver } from '../../../src-main/engine/runtime/nvidia-driver';
import { tempDir } from '../../support/temp-dir';

const dir = ortBinaryDir();
const cudaInstalled = dir !== null && readdirSync(dir).some((f) => f.startsWith('libonnxruntime_providers_cuda'));

test('CUDA libraries missing: the opt-in only with an NVIDIA driver', { skip: cudaInstalled && "onnxruntime-node's CUDA libraries are installed here" }, () => {
  const withDriver = providerPlan({}, 'linux', () => true);
  assert.deepEqual(withDriver, { accelerator: null, skipped: [`cuda: onnxruntime-node's CUDA 12 libraries are not installed (opt in: ${CUDA_OPT_IN})`] });
  const without = providerPlan({}, 'linux', () => false);
  assert.deepEqual(without, { accelerator: null, skipped: ['cuda: not available (no NVIDIA driver on this computer)'] });
  assert.doesNotMatch(without.skipped.join(' '), /npm rebuild/);
});

test('the driver is not looked for where it does not matter', () => {
  const asked = () => assert.fail('the driver was looked for');
  assert.deepEqual(providerPlan({ ALVEO_ORT_PROVIDER: 'cpu' }, 'linux', asked).accelerator, null);
  assert.equal(providerPlan({}, 'win32', asked).accelerator, 'dml');
  assert.equal(providerPlan({}, 'darwin', asked).accelerator, 'coreml');
});

test('hasNvidiaDriver: nvidia-smi on PATH counts as a driver', { skip: process.platform === 'win32' && 'a POSIX PATH test' }, async () => {
  const bin = await tempDir('alveo-nvidia-');
  writeFileSync(join(bin, 'nvidia-smi'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  assert.equal(hasNvidiaDriver({ PATH: bin }), true);
  // Without it, only the kernel module's /proc entry can say yes.
  const empty = await tempDir('alveo-nvidia-none-');
  let proc = true;
  try {
    readdirSync('/proc/driver/nvidia');
  } catch {
    proc = false;
  }
  assert.equal(hasNvidiaDriver({ PATH: empty }), proc);
});

test("a platform onnxruntime-node has no binary for is said before loading (Intel macOS): the platforms it has named", () => {
  assert.equal(missingOrtBinary(process.platform, process.arch), null, 'this machine has its binary');
  const why = missingOrtBinary('darwin', 'x64');
  assert.ok(why, 'onnxruntime-node 1.30 ships no darwin/x64 binary');
  assert.match(why, /^onnxruntime-node has no prebuilt binary for darwin\/x64 \(it has .*darwin\/arm64.*\): inference runs on tfjs$/);
  assert.match(why, new RegExp(`${process.platform}/${process.arch}`));
});
