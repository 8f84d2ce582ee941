// Named pipes for tests that must not block on one. A reader stuck in open() on a FIFO holds a
// libuv thread and keeps the process alive; release() opens the write end without blocking, which
// frees such a reader, so a test that fails (the code under test blocked) still ends.
import { execFileSync } from 'node:child_process';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

export function makeFifo(path: string): { path: string; release(): Promise<void> } {
  execFileSync('mkfifo', [path]);
  return {
    path,
    async release() {
      // ENXIO: no reader is waiting, nothing to free.
      const writer = await open(path, constants.O_WRONLY | constants.O_NONBLOCK).catch(() => null);
      await writer?.close();
    },
  };
}
