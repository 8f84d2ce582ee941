// The image size a PNG's IHDR declares (bytes 16..23, big-endian), read before sharp: libspng
// refuses an absurd size with a bare "corrupt header:", which does not say what is wrong.
const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function pngDeclaredSize(bytes: Uint8Array): { width: number; height: number } | null {
  if (bytes.length < 24 || SIGNATURE.some((b, i) => bytes[i] !== b)) return null;
  if (String.fromCharCode(bytes[12], bytes[13], bytes[14], bytes[15]) !== 'IHDR') return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** PNG allows sides of 1 to 2^31 - 1 pixels (PNG spec 11.2.2). */
export const PNG_MAX_SIDE = 2 ** 31 - 1;
