// A result image's pixels compressed JPEG-LS lossless (CharLS through dcmjs-codecs): about a third
// of the bytes of the raw RGB capture (16 MB -> 5.5 MB for a 2140 x 2493 chest film), every pixel
// kept, and read by DCMTK, GDCM, Orthanc and PACS alike. A PACS that does not accept the syntax
// gets it decompressed by the DIMSE client (dimse-client.ts initialises the codecs for that).
import type { NaturalizedDataset } from 'dcmjs';
import { dcmjsCodecs } from '../studies/dicom/codecs/dcmjs-codecs-module';
import { EXPLICIT_VR_LITTLE_ENDIAN } from './dicom-file';

export const JPEG_LS_LOSSLESS = '1.2.840.10008.1.2.4.80';

/** The data set with its PixelData encoded as one JPEG-LS lossless fragment per frame. */
export async function jpegLsLossless(dataset: NaturalizedDataset): Promise<NaturalizedDataset> {
  const { Transcoder } = await dcmjsCodecs();
  const t = new Transcoder(dataset as Record<string, unknown>, EXPLICIT_VR_LITTLE_ENDIAN);
  t.transcode(JPEG_LS_LOSSLESS);
  // Lossless: the source's own lossy history (00 or 01) still describes these pixels.
  return { ...(t.getElements() as NaturalizedDataset), LossyImageCompression: dataset.LossyImageCompression };
}
