// A disk of its own, a few pages of memory (tmpfs), that a test can fill for real: ENOSPC, and a
// write the disk takes only part of, at a page boundary, as a user folder on a full disk sees them.
// Mounting needs root (CI and the dev containers run as root); elsewhere the caller skips, saying why.
import { execFile } from 'node:child_process';
import { open, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from './temp-dir';

const run = promisify(execFile);

export interface SmallTmpfs {
  dir: string;
  /** The file system's block (page) size: what one more byte past a full page costs. */
  blockSize: number;
  /** Fills the disk until `blocks` blocks are free (0: full); the filler is `dir`/filler. */
  fill(blocks: number): Promise<void>;
  freeBlocks(): Promise<number>;
  unmount(): Promise<void>;
}

/** A mounted tmpfs of `bytes`, or why one cannot be mounted here (a reason to skip). */
export async function mountSmallTmpfs(bytes: number): Promise<SmallTmpfs | string> {
  if (process.platform !== 'linux') return 'a small tmpfs needs Linux';
  if (process.getuid?.() !== 0) return 'mounting a small tmpfs needs root (CI runs as root)';
  const dir = await tempDir('alveo-tmpfs-');
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `size=${bytes},mode=0700`, 'tmpfs', dir]);
  } catch (err) {
    return `mount -t tmpfs is not permitted here (${(err as Error).message.split('\n')[0]})`;
  }
  const freeBlocks = async () => (await statfs(dir)).bavail;
  const blockSize = (await statfs(dir)).bsize;
  return {
    dir,
    blockSize,
    freeBlocks,
    async fill(blocks) {
      const handle = await open(join(dir, 'filler'), 'a');
      try {
        const page = Buffer.alloc(blockSize, 0x66);
        for (let free = await freeBlocks(); free > blocks; free -= 1) await handle.write(page, 0, blockSize, null);
      } finally {
        await handle.close();
      }
      const left = await freeBlocks();
      if (left !== blocks) throw new Error(`the tmpfs has ${left} free blocks, not ${blocks}`);
    },
    async unmount() {
      await run('umount', [dir]);
    },
  };
}
