// What a study set needs to know about one image before decoding it: its format and the DICOM
// attributes that place it in a study and series (read from the header only).
export interface ImageHeader {
  file: string;
  format: 'dicom' | 'jpeg' | 'png';
  /** DICOM keyword -> value (empty for JPEG/PNG). */
  attributes: Record<string, string>;
}

/** Media Storage Directory Storage: the SOP class of a DICOMDIR. */
export const DICOMDIR_SOP_CLASS = '1.2.840.10008.1.3.10';
