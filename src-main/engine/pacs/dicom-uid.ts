// New UIDs in the 2.25 form: a random (version 4) UUID read as one unsigned integer (PS3.5 B.2),
// so no organisation root is needed and two installations never collide.
import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { osUserName } from '../user-folder/os-user';

export function newUid(): string {
  return `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`).toString()}`;
}

/**
 * The Device Observer UID of this installation (TID 1004: it identifies the device, not the
 * software): a name-based UID from the machine's host name and the OS user, the same in every
 * result one workstation writes and different between workstations, with nothing to store.
 */
export function deviceObserverUid(host: string = hostname(), user: string = osUserName()): string {
  const digest = createHash('sha256').update(`alveo-device|${host}|${user}`).digest('hex').slice(0, 32);
  return `2.25.${BigInt(`0x${digest}`).toString()}`;
}
