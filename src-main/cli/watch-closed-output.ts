// A reader that goes away (`alveo score --json | head -1`) closes stdout: the next write fails with
// EPIPE, an 'error' event that, unhandled, crashes the CLI with a stack trace. Instead it stops the
// run as SIGPIPE would (on-stop-request.ts): what is done is kept, nothing more reaches stdout (the
// stream is destroyed, later writes are dropped), exit 141. EIO is the same for a terminal that
// closed (after SIGHUP). Errors on stderr are dropped: there is nowhere left to report them.
import { requestStop } from './on-stop-request';

export function watchClosedOutput(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'EIO') throw err;
    requestStop('SIGPIPE');
  });
  process.stderr.on('error', () => {});
}
