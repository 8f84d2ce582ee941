// CharLS reads past the end of a JPEG-LS stream that was cut short for seconds before it gives up
// (15 s for half a 512 x 512 image; review 45 F5), while a stream cut as short but ended by its
// EOI marker fails in milliseconds. Every JPEG-LS stream ends with EOI (ISO 14495-1): one that does
// not is refused before CharLS sees it.

/** Throws, saying so, when `b` does not end with an EOI marker (FF D9), trailing zero padding aside. */
export function checkJpegLsEnd(b: Uint8Array): void {
  let end = b.length;
  // DICOM pads a fragment to an even length, with a zero byte.
  while (end > 0 && b[end - 1] === 0x00) end--;
  if (end >= 2 && b[end - 2] === 0xff && b[end - 1] === 0xd9) return;
  throw new Error('the JPEG-LS data is damaged or truncated: it does not end with an EOI marker (cut short)');
}
