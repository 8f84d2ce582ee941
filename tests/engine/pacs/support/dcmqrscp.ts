// dcmtk's dcmqrscp as a query/retrieve PACS that answers C-FIND with the stored values as they are:
// it cannot convert ISO 2022 IR 87 (nor, by default, anything beyond ASCII) to another set, so a
// name stored with code extensions comes back in its own set, escape sequences and all, as many
// Japanese and Korean PACSs send it. Files go in with dcmtk's storescu. Forked per association
// (its single-process mode crashes after the first one); stop() ends it.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './orthanc';

const run = promisify(execFile);
const DCMQRSCP = '/usr/bin/dcmqrscp';
const STORESCU = '/usr/bin/storescu';

export function dcmqrscpMissing(): string | false {
  const missing = [DCMQRSCP, STORESCU].filter((p) => !existsSync(p));
  return missing.length ? `${missing.join(', ')} not installed (apt-get install dcmtk): test skipped` : false;
}

export interface QueryRetrieveScp {
  /** e.g. QR@127.0.0.1:4242 */
  dimse: string;
  /** Stores the files with storescu. */
  store(files: string[]): Promise<void>;
  stop(): Promise<void>;
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1', () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });

export async function startDcmqrscp(dir: string, aet = 'QR'): Promise<QueryRetrieveScp> {
  const db = join(dir, `${aet}-db`);
  await mkdir(db, { recursive: true });
  // Test files run two at a time: a port found free may be taken before dcmqrscp binds it.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const config = join(dir, `${aet}-${port}.cfg`);
    await writeFile(
      config,
      [`NetworkTCPPort = ${port}`, 'MaxPDUSize = 16384', 'MaxAssociations = 16', 'HostTable BEGIN', 'HostTable END', 'VendorTable BEGIN', 'VendorTable END', 'AETable BEGIN', `${aet} ${db} RW (200, 1024mb) ANY`, 'AETable END', ''].join('\n'),
    );
    const child: ChildProcess = spawn(DCMQRSCP, ['-c', config, String(port)], { stdio: 'ignore' });
    const deadline = Date.now() + 10000;
    while (child.exitCode === null && !(await listening(port)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (child.exitCode !== null || Date.now() >= deadline) {
      child.kill('SIGKILL');
      if (attempt < 3) continue;
      throw new Error(`dcmqrscp did not start on port ${port}`);
    }
    return {
      dimse: `${aet}@127.0.0.1:${port}`,
      store: async (files) => {
        await run(STORESCU, ['-aec', aet, '127.0.0.1', String(port), ...files]);
      },
      stop: async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      },
    };
  }
}
