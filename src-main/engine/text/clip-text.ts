// A value from a file, shortened for showing: a hostile file can hold a 16 000-character UID or
// File ID, which must not fill an error line, a worklist row or a CSV cell. The length is said, so
// nobody takes the shortened text for the whole.
export function clipText(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}
