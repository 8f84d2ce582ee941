// New UIDs in the 2.25 form: a random (version 4) UUID read as one unsigned integer (PS3.5 B.2),
// so no organisation root is needed and two installations never collide.
import { randomUUID } from 'node:crypto';

export function newUid(): string {
  return `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`).toString()}`;
}
