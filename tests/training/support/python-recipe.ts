// Where the PyTorch recipe's tests find Python with torch, the recipe and the real data.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataNotFound, SHARED_DATA_DIR } from '../../support/shared-data-dir';

export const ROOT = resolve(fileURLToPath(import.meta.url), '../../../..');
export const DATA = join(SHARED_DATA_DIR, 'kermany-224', 'train');
export const RECIPE = join(ROOT, 'training/pytorch');

/** The first python3 that imports torch (ALVEO_PYTHON, then python3 on PATH, then Debian's). */
function findPython(): string | null {
  for (const py of [process.env.ALVEO_PYTHON, 'python3', '/usr/bin/python3']) {
    if (!py) continue;
    const r = spawnSync(py, ['-c', 'import torch, torchvision'], { encoding: 'utf8' });
    if (r.status === 0) return py;
  }
  return null;
}

export const python = findPython();
export const skipRecipe: string | false = !python
  ? 'no python3 with torch and torchvision (apt install python3-torch python3-torchvision, or set ALVEO_PYTHON)'
  : !existsSync(DATA)
    ? dataNotFound(DATA)
    : false;

/** A small run: 160 images at 64 px, 2 epochs of 3 steps, global batch 16. */
export const SMALL_RUN = ['--data', DATA, '--size', '64', '--epochs', '2', '--steps-per-epoch', '3', '--batch', '16', '--limit', '160',
  '--bn-images', '32', '--threads', '1', '--shift', 'IM<0.3,NORMAL2-IM<0.3,person<0.2', '--no-parity'];

/** Runs python with these arguments in the repo root (one thread); fails the test with its output on a
 * non-zero exit or after 180 s (spawnSync blocks the event loop, so the test's own timeout cannot fire:
 * a torchrun worker that hangs once held a run for 12 minutes). */
export function runPython(args: string[]): string {
  const r = spawnSync(python!, args, { encoding: 'utf8', cwd: ROOT, env: { ...process.env, OMP_NUM_THREADS: '1' }, timeout: 180_000, killSignal: 'SIGKILL' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed${r.signal ? ` (killed: ${r.signal}, over 180 s)` : ''}:\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-4000)}`);
  return r.stdout;
}
