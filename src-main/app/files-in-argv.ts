// The files a launch names (a double-clicked .dcm on Windows and Linux, `Alveo a.dcm b.dcm`),
// resolved against that launch's own working directory: a second launch from another folder hands
// its relative paths to the running window, whose own working directory is not theirs.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

export function filesInArgv(argv: readonly string[], workingDirectory: string): string[] {
  return argv
    .slice(1)
    .filter((a) => !a.startsWith('-'))
    .map((a) => resolve(workingDirectory, a))
    .filter((f) => existsSync(f) && statSync(f).isFile());
}
