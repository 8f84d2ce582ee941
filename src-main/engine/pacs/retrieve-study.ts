// Retrieve a study into a folder, files named <SOP Instance UID>.dcm. Instances land in a hidden
// staging folder first and move in only when the whole study has arrived: a retrieve that fails
// or is cancelled half-way leaves nothing behind (not even the folder, when it made it), and no
// file is ever half-written.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, rename, rm, rmdir } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { PacsClient, RetrievedInstance, TransferOptions } from './pacs-client';
import { pacsError } from './pacs-error';
import { PRIVATE_FILE_MODE } from '../files/atomic-files';

export interface RetrievedStudy {
  studyInstanceUid: string;
  folder: string;
  files: string[];
  failed: number;
}

/** What a UID may be to become a file name: digits and dots, no path. */
export const SAFE_UID = /^[0-9.]{1,64}$/;

/** A sink writing each instance as <SOP Instance UID>.dcm in `dir`, whole or not at all. */
export function instanceWriter(client: PacsClient, dir: string): (instance: RetrievedInstance) => Promise<void> {
  return async (instance) => {
    // The name comes from the PACS: only a UID may become a file name.
    if (!SAFE_UID.test(instance.sopInstanceUid)) throw pacsError(client.node, 'protocol', 'an instance came back without a valid SOP Instance UID');
    const tmp = join(dir, `${instance.sopInstanceUid}.part`);
    await instance.writeTo(tmp);
    // Owner-only like every file Alveo writes with patient data (the writers make 0666 less the umask).
    await chmod(tmp, PRIVATE_FILE_MODE);
    await rename(tmp, join(dir, `${instance.sopInstanceUid}.dcm`));
  };
}

export async function retrieveStudy(client: PacsClient, studyInstanceUid: string, outDir: string, opts: TransferOptions = {}): Promise<RetrievedStudy> {
  if (!SAFE_UID.test(studyInstanceUid)) throw pacsError(client.node, 'not-found', `'${studyInstanceUid}' is not a Study Instance UID`);
  // The first folder this call creates (undefined when outDir was there): removed again on failure.
  const created = await mkdir(outDir, { recursive: true });
  const staging = join(outDir, `.alveo-retrieve-${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(staging, { mode: 0o700 }); // no one else sees an instance before its chmod
  let done = false;
  try {
    const result = await client.retrieveStudy(studyInstanceUid, instanceWriter(client, staging), opts);
    if (opts.signal?.aborted) throw pacsError(client.node, 'cancelled', 'the retrieve was cancelled');
    const names = (await readdir(staging)).filter((n) => n.endsWith('.dcm'));
    const files: string[] = [];
    for (const name of names.sort()) {
      await rename(join(staging, name), join(outDir, name));
      files.push(join(outDir, name));
    }
    done = true;
    return { studyInstanceUid, folder: outDir, files, failed: result.failed };
  } finally {
    await rm(staging, { recursive: true, force: true });
    if (!done && created) await removeCreated(outDir, created);
  }
}

/** The folders from `created` down to `outDir`, deepest first, each only while empty (rmdir refuses otherwise). */
async function removeCreated(outDir: string, created: string): Promise<void> {
  for (let dir = outDir; ; dir = dirname(dir)) {
    const removed = await rmdir(dir).then(
      () => true,
      () => false,
    );
    if (!removed || relative(created, dir) === '' || dir === dirname(dir)) return;
  }
}
