// Reads a DICOM file far enough to decode it: data set, transfer syntax, pixel module.
import { AlveoError } from '../../../api/errors';
import { endWithoutPixels } from './describe-truncation';
import { parseDicomBytes } from './read-dicom';
import { readPixelModule, type PixelModule } from './pixel-module';
import { transferSyntax, transferSyntaxName, type TransferSyntax } from './transfer-syntax';
import { nonImageKind } from './sop-class';
import type { FrameSource } from './decode-frame';

const DEFLATED_LE = '1.2.840.10008.1.2.1.99';

export interface OpenedDicom extends FrameSource {
  hasPart10Header: boolean;
  transferSyntaxUid: string;
  pixelModule: PixelModule;
  syntax: TransferSyntax;
}

export function openDicom(file: string, bytes: Buffer): OpenedDicom {
  const { dataSet, transferSyntaxUid, hasPart10Header } = parseDicomBytes(file, bytes);
  const sopClass = (dataSet.string('x00080016') ?? dataSet.string('x00020002'))?.replace(/\0/g, '');
  if (!dataSet.elements.x7fe00010 && !dataSet.elements.x7fe00008 && !dataSet.elements.x7fe00009) {
    const kind = nonImageKind(sopClass);
    if (kind) throw new AlveoError('NO_PIXELS', `this is ${kind}, not an image`, file);
    const where = endWithoutPixels(dataSet, bytes.length, transferSyntaxUid === DEFLATED_LE);
    throw new AlveoError('NO_PIXELS', `the DICOM file holds no image pixels${where ? `: ${where}` : ''}`, file);
  }
  const syntax = transferSyntax(transferSyntaxUid);
  if (!syntax) {
    throw new AlveoError('UNSUPPORTED', `the pixel data is encoded as ${transferSyntaxName(transferSyntaxUid)}, which Alveo cannot decode`, file);
  }
  const pixelModule = readPixelModule(file, dataSet);
  const photometric = pixelModule.photometricInterpretation;
  if (photometric === 'PALETTE COLOR') throw new AlveoError('UNSUPPORTED', 'palette colour images are not supported', file);
  if (syntax.codec === 'native' && /^YBR_(FULL_422|PARTIAL)/.test(photometric)) {
    throw new AlveoError('UNSUPPORTED', `uncompressed ${photometric} pixel data is not supported`, file);
  }
  return { file, dataSet, hasPart10Header, transferSyntaxUid, pixelModule, syntax };
}
