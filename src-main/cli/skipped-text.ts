// What `alveo score` says on stderr about the entries it did not score (non-images, broken links,
// folders it cannot read, named pipes): each one with why, so nothing in a folder goes unmentioned.
// A long list is cut (a folder of thousands of text files would bury the summary), and --json
// then lists every one.
import type { SkippedFile } from '../api/datasets';

/** Every skipped entry is named up to this many; beyond it, the first SHOWN_WHEN_CUT and a count. */
export const SKIPPED_LISTED_IN_FULL = 50;
export const SHOWN_WHEN_CUT = 20;

/** The block for stderr: a heading line, then one indented line per entry shown. Empty when none. */
export function skippedText(skipped: readonly SkippedFile[]): string {
  if (skipped.length === 0) return '';
  const cut = skipped.length > SKIPPED_LISTED_IN_FULL;
  const shown = cut ? skipped.slice(0, SHOWN_WHEN_CUT) : skipped;
  const lines = [
    `${skipped.length} skipped, not scored${cut ? ` (the first ${SHOWN_WHEN_CUT} below)` : ''}:`,
    ...shown.map((s) => `  ${s.file}: ${s.reason}`),
  ];
  if (cut) lines.push(`  … and ${skipped.length - shown.length} more (run again with --json to list every one with its reason)`);
  return lines.join('\n');
}
