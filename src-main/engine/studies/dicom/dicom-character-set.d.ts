// The part of dicom-character-set 1.0 that Alveo uses (the package ships no types).
declare module 'dicom-character-set' {
  /** Decodes the bytes of one text value under a Specific Character Set (0008,0005), ISO 2022 escapes included. */
  export function convertBytes(specificCharacterSet: string | undefined, bytes: Uint8Array, options?: { vr?: string }): string;
}
