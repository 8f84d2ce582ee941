// One frame's bits out of an Overlay Data (60xx,3000) value. DICOM packs overlay bits without
// padding between frames (frame k starts at bit k x rows x columns), least significant bit first;
// OW data in a big-endian file holds them in byte-swapped 16-bit words.

/**
 * `count` bits from bit `startBit` of `data`, repacked to start at bit 0 of a new array (bits past
 * `count` in the last byte are zero). Bits past the end of `data` read as 0 (the caller has checked
 * the length). `swappedWords`: `data` is big-endian OW (bytes swapped within each 16-bit word).
 */
export function overlayFrameBits(data: Uint8Array, startBit: number, count: number, swappedWords = false): Uint8Array {
  const out = new Uint8Array(Math.ceil(count / 8));
  const n = data.length;
  const byteAt = (j: number): number => {
    const k = swappedWords ? j ^ 1 : j;
    return k < n ? data[k] : 0;
  };
  const first = Math.floor(startBit / 8);
  const shift = startBit % 8;
  if (shift === 0 && !swappedWords && first + out.length <= n) {
    out.set(data.subarray(first, first + out.length));
  } else {
    for (let b = 0; b < out.length; b++) {
      const lo = byteAt(first + b);
      out[b] = shift === 0 ? lo : ((lo >> shift) | (byteAt(first + b + 1) << (8 - shift))) & 0xff;
    }
  }
  const tail = count % 8;
  if (tail !== 0) out[out.length - 1] &= (1 << tail) - 1;
  return out;
}
