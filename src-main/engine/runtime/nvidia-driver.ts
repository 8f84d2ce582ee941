// Whether this computer has an NVIDIA driver: without one, installing onnxruntime-node's CUDA
// libraries cannot help, so `alveo models` must not suggest it.
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export function hasNvidiaDriver(env: NodeJS.ProcessEnv = process.env): boolean {
  // The kernel module's /proc entry; else the driver's own tool on PATH (containers may hide /proc's).
  if (existsSync('/proc/driver/nvidia')) return true;
  return (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .some((dir) => {
      try {
        accessSync(join(dir, 'nvidia-smi'), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}
