// dcmtk's storescp as a second, independent PACS: an association profile (-xf) says which SOP
// classes it takes in which transfer syntaxes, and bit-preserving mode (+B) writes every data set
// exactly as it came over the network, so a test can compare bytes. Stopped (and its folder left
// to the caller's temp folder) by stop().
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort } from './orthanc';

export const STORESCP = ['/usr/bin/storescp'].find((p) => existsSync(p));

export function storescpMissing(): string | false {
  return STORESCP ? false : 'dcmtk storescp is not installed (apt-get install dcmtk): test skipped';
}

export interface StoreScp {
  /** e.g. CRONLY@127.0.0.1:4242 */
  dimse: string;
  /** Where it writes what it receives. */
  out: string;
  stop(): Promise<void>;
}

/** `profile`: the body of a storescp association configuration file, whose profile is "Default". */
export async function startStoreScp(dir: string, aet: string, profile: string): Promise<StoreScp> {
  const port = await freePort();
  const out = join(dir, `${aet}-received`);
  await mkdir(out, { recursive: true });
  const config = join(dir, `${aet}.cfg`);
  await writeFile(config, profile);
  const child: ChildProcess = spawn(STORESCP as string, ['-aet', aet, '-xf', config, 'Default', '-od', out, '+B', String(port)], { stdio: 'ignore' });
  const deadline = Date.now() + 10000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (up) break;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`storescp did not start on port ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    dimse: `${aet}@127.0.0.1:${port}`,
    out,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
