// Permission tests need an ordinary user: root reads and writes any folder whatever its mode, so
// under root the code under test runs in a child process as nobody (uid and gid 65534).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './run-cli';

const NOBODY = 65534;

/** A reason to skip permission tests (POSIX modes mean nothing on Windows), or false. */
export const noPosixPermissions: string | false = process.platform === 'win32' ? 'no POSIX permissions on Windows' : false;

/**
 * `name(...args)` exported by `module` (a path under the repository), run as nobody when this
 * process is root and in a child process either way; its result, parsed from JSON. Paths it is given
 * must be reachable by nobody (a mkdtemp folder is 0700: chmod it).
 */
export function callUnprivileged<T>(module: string, name: string, args: unknown[]): Promise<T> {
  const asRoot = process.getuid?.() === 0;
  const script = join(REPO_ROOT, 'tests/cli/support/call-export.ts');
  return new Promise<T>((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', script, join(REPO_ROOT, module), name, ...args.map((a) => JSON.stringify(a))],
      { cwd: REPO_ROOT, env: { ...process.env, HOME: '/tmp' }, ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}) },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`${name} as nobody failed: ${err.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as T);
      },
    );
  });
}
