// A moment as the app writes it in its English sentences: ISO-like, in local time, as DICOM dates
// are shown elsewhere; never in the browser locale's words (a Hebrew or German month in an
// English line, which bidi may then reorder).

const two = (n: number) => String(n).padStart(2, '0');

/** "2026-12-02 16:31" in local time for an ISO time (or a Date); the text as given when it is no time. */
export function localTimestamp(at: string | Date): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(d.getTime())) return String(at);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}
