// One overlay plane of a DICOM file (60xx groups): a 1-bit bitmap the modality stored beside the
// image (side markers, annotations, shutters), drawn over the image by the viewer, never read by the
// AI. A leaf of the contract (types only), carried by StudyImage.overlays.

export interface OverlayPlane {
  /** The repeating group, as four hex digits ("6000", "6002", … "601E"). */
  group: string;
  /** Overlay Type (60xx,0040): G graphics (drawn white), R region of interest (the image outside it dimmed). */
  type: 'G' | 'R';
  rows: number;
  columns: number;
  /**
   * 0-based image row and column of the plane's top-left bit: Overlay Origin (60xx,0050) less one.
   * May be negative or beyond the image (the part outside the image is not drawn).
   */
  top: number;
  left: number;
  /**
   * The plane of the frame shown, rows x columns bits row-major, packed as DICOM packs them: bit i
   * is bit (i % 8) of byte floor(i / 8), least significant first. 1 = the overlay is on there.
   */
  bits: Uint8Array;
  /** Overlay Label (60xx,1500) and Overlay Description (60xx,0022), when the file gives them. */
  label?: string;
  description?: string;
}
