// Progress on stderr: one updating line on a terminal; in a log, a line every `logEveryMs` at most
// (logs stay short), plus lines that must always show (an epoch's summary, the final count).
import { formatClock } from '../engine/training/progress-text';

export interface ProgressLine {
  /** An updating line; shown now on a terminal, in a log only when due or when `force`. */
  update(line: string, force?: boolean): void;
  /** A line that stays (replaces the updating one on a terminal). */
  permanent(line: string): void;
  /** Ends the updating line on a terminal, so what follows starts on its own line. */
  end(): void;
}

export function progressLine(logEveryMs: number): ProgressLine {
  const tty = Boolean(process.stderr.isTTY);
  let last = 0;
  let open = false;
  return {
    update(line, force = false) {
      const now = Date.now();
      if (!tty && !force && now - last < logEveryMs) return;
      last = now;
      open = tty;
      process.stderr.write(tty ? `\r\x1b[K${line}` : `${line}\n`);
    },
    permanent(line) {
      open = false;
      process.stderr.write(`${tty ? '\r\x1b[K' : ''}${line}\n`);
    },
    end() {
      if (open) process.stderr.write('\n');
      open = false;
    },
  };
}

/** ", ETA m:ss" or '' when unknown. */
export function etaText(etaMs: number | null | undefined): string {
  return etaMs !== null && etaMs !== undefined ? `, ETA ${formatClock(etaMs)}` : '';
}
