// The OS user running Alveo, as the audit trail and model provenance name them. Some containers
// run under a uid with no name (userInfo throws): the uid then.
import { userInfo } from 'node:os';

export function osUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return `uid ${process.getuid?.() ?? '?'}`;
  }
}
