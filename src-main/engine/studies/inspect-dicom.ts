// `alveo inspect`: the pixel module of a DICOM file and the md5 of all its stored pixels, decoded
// exactly (comparable with GDCM's raw decode).
import { createHash } from 'node:crypto';
import { AlveoError } from '../../api/errors';
import type { DicomInspection } from './study';
import { readStudyBytes } from './load-study';
import { sniffFormat } from './sniff-format';
import { openDicom } from './dicom/open-dicom';
import { decodeFrameBytes } from './dicom/decode-frame';

export async function inspectDicom(file: string): Promise<DicomInspection> {
  const bytes = await readStudyBytes(file);
  if (sniffFormat(bytes) !== 'dicom') throw new AlveoError('NOT_AN_IMAGE', 'not a DICOM file', file);
  const dicom = openDicom(file, bytes);
  const pm = dicom.pixelModule;
  const md5 = createHash('md5');
  const t0 = performance.now();
  for (let i = 0; i < pm.frames; i++) md5.update(await decodeFrameBytes(dicom, i));
  const decodeMs = performance.now() - t0;
  const ds = dicom.dataSet;
  return {
    file,
    transferSyntaxUid: dicom.transferSyntaxUid,
    transferSyntax: dicom.syntax.name,
    hasPart10Header: dicom.hasPart10Header,
    photometricInterpretation: pm.photometricInterpretation,
    rows: pm.rows,
    columns: pm.columns,
    bitsAllocated: pm.bitsAllocated,
    bitsStored: pm.bitsStored,
    highBit: pm.highBit,
    pixelRepresentation: pm.pixelRepresentation,
    samplesPerPixel: pm.samplesPerPixel,
    planarConfiguration: pm.planarConfiguration,
    frames: pm.frames,
    pixelMd5: md5.digest('hex'),
    decodeMs: Math.round(decodeMs * 10) / 10,
    sopClassUid: (ds.string('x00080016') ?? '').replace(/\0/g, ''),
    modality: ds.string('x00080060') ?? '',
  };
}
