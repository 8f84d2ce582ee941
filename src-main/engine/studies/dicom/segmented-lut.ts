// Segmented Palette Color Lookup Table Data (PS3.3 C.7.9.2) expanded to its table: discrete
// segments list entries, linear ones draw a line from the previous entry, indirect ones replay
// segments found at a byte offset. Every unit (opcode, length, value) is one entry wide: a byte
// for 8-bit entries, a word for 16-bit ones.

/** Far beyond any real table (at most 65,536 entries): bounds the work a hostile file can ask for. */
const MAX_SEGMENTS = 1_000_000;

/** `fail` says why the data is unusable; it must throw. */
export function expandSegmentedLut(src: Uint16Array, unitBytes: 1 | 2, entries: number, fail: (why: string) => never): Uint16Array {
  const out = new Uint16Array(entries);
  let n = 0;
  let segments = 0;
  const push = (v: number) => {
    if (n >= entries) fail(`expands to more than the ${entries} entries its descriptor says`);
    out[n++] = v;
  };
  const need = (pos: number, count: number) => {
    if (pos + count > src.length) fail(`ends inside a segment (at byte ${pos * unitBytes})`);
  };
  /** Expands up to `count` segments from unit `pos`; an indirect segment may not point to another. */
  const run = (start: number, count: number, nested: boolean): void => {
    let pos = start;
    let done = 0;
    // A last lone unit is the padding that makes the value even, not a segment.
    while (done < count && pos + 1 < src.length) {
      if (++segments > MAX_SEGMENTS) fail(`holds more than ${MAX_SEGMENTS} segments`);
      const op = src[pos];
      const length = src[pos + 1];
      if (op === 0) {
        need(pos + 2, length);
        for (let i = 0; i < length; i++) push(src[pos + 2 + i]);
        pos += 2 + length;
      } else if (op === 1) {
        need(pos + 2, 1);
        if (n === 0) fail('starts with a linear segment, which needs the entry before it');
        const y0 = out[n - 1];
        const y1 = src[pos + 2];
        // From the previous entry (not repeated) to y1, the segment's last entry (C.7.9.2.2).
        for (let i = 1; i <= length; i++) push(Math.round(y0 + ((y1 - y0) * i) / length));
        pos += 3;
      } else if (op === 2) {
        if (nested) fail('has an indirect segment that points to another indirect segment');
        // A 32-bit byte offset from the start of the data, least significant part first.
        const offsetUnits = unitBytes === 2 ? 2 : 4;
        need(pos + 2, offsetUnits);
        const offset =
          unitBytes === 2
            ? src[pos + 2] + src[pos + 3] * 0x10000
            : src[pos + 2] + src[pos + 3] * 0x100 + src[pos + 4] * 0x10000 + src[pos + 5] * 0x1000000;
        if (offset % unitBytes !== 0 || offset / unitBytes >= src.length) {
          fail(`has an indirect segment pointing to byte ${offset}, outside its ${src.length * unitBytes} bytes`);
        }
        run(offset / unitBytes, length, true);
        pos += 2 + offsetUnits;
      } else {
        fail(`has a segment of unknown type ${op} (at byte ${pos * unitBytes})`);
      }
      done++;
    }
    if (nested && done < count) fail(`has an indirect segment that copies ${count} segments where only ${done} follow its offset`);
  };
  run(0, Infinity, false);
  if (n !== entries) fail(`expands to ${n} entries where its descriptor says ${entries}`);
  return out;
}
