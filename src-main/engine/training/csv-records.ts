// CSV as the files sites bring write it (RFC 4180 quoting, CRLF or LF, any one-character
// delimiter), with the line each record starts on so that errors can name it.

/** CSV records with the line each starts on; quoted fields may hold delimiters, quotes ("") and line ends. */
export function readCsvRecords(text: string, delimiter: string): Array<{ line: number; cells: string[] }> {
  const out: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cur = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
        cur += c;
      }
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      cells.push(cur);
      cur = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      cells.push(cur);
      out.push({ line: start, cells });
      cells = [];
      cur = '';
      line++;
      start = line;
    } else cur += c;
  }
  if (cur !== '' || cells.length > 0) {
    cells.push(cur);
    out.push({ line: start, cells });
  }
  return out;
}
