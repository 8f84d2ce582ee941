// A JPEG-LS lossless file (Alveo's result captures are stored so) rewritten uncompressed, for a
// DICOMweb server that refuses the syntax (STOW-RS failure 0xC122): decoding a lossless syntax
// keeps every pixel, so nothing of the object changes but its encoding. Any other syntax: null
// (a lossy one cannot be decoded without loss being said, and a native one needs nothing).
import dcmjs from 'dcmjs';
import type { NaturalizedDataset } from 'dcmjs';
import { dcmjsCodecs } from '../studies/dicom/codecs/dcmjs-codecs-module';
import { dicomPart10, EXPLICIT_VR_LITTLE_ENDIAN } from './dicom-file';
import { JPEG_LS_LOSSLESS } from './jpeg-ls-lossless';

export async function decompressedPart10(bytes: Buffer): Promise<Buffer | null> {
  const dict = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const syntax = (dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.meta) as NaturalizedDataset).TransferSyntaxUID;
  if (syntax !== JPEG_LS_LOSSLESS) return null;
  const { Transcoder } = await dcmjsCodecs();
  const t = new Transcoder(dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict) as Record<string, unknown>, JPEG_LS_LOSSLESS);
  t.transcode(EXPLICIT_VR_LITTLE_ENDIAN);
  return dicomPart10(t.getElements() as NaturalizedDataset, EXPLICIT_VR_LITTLE_ENDIAN);
}
