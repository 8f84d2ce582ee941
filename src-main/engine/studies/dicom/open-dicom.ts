// Reads a DICOM file far enough to decode it: data set, transfer syntax, pixel module.
import { AlveoError } from '../../../api/errors';
import { endWithoutPixels } from './describe-truncation';
import { parseDicomBytes } from './read-dicom';
import { isYbr422, readPixelModule, type PixelModule } from './pixel-module';
import { readPaletteColour, type PaletteColour } from './palette-colour';
import { transferSyntax, transferSyntaxName, type TransferSyntax } from './transfer-syntax';
import { nonImageKind } from './sop-class';
import type { FrameSource } from './decode-frame';

const DEFLATED_LE = '1.2.840.10008.1.2.1.99';

export interface OpenedDicom extends FrameSource {
  hasPart10Header: boolean;
  transferSyntaxUid: string;
  pixelModule: PixelModule;
  syntax: TransferSyntax;
  /** PALETTE COLOR only: the red, green and blue tables, read and checked. */
  palette?: PaletteColour;
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
  if (syntax.codec === 'native') {
    // 4:2:0 is defined for MPEG and HEVC streams only; uncompressed 4:2:2 pairs the pixels of each row.
    if (photometric === 'YBR_PARTIAL_420') throw new AlveoError('UNSUPPORTED', 'uncompressed YBR_PARTIAL_420 pixel data is not supported', file);
    if (isYbr422(photometric) && pixelModule.columns % 2 !== 0) {
      throw new AlveoError('CORRUPT', `uncompressed ${photometric} pixels come in pairs along a row, but the image has an odd number of columns (${pixelModule.columns})`, file);
    }
  }
  const palette = photometric === 'PALETTE COLOR' ? readPaletteColour(file, dataSet, pixelModule) : undefined;
  return { file, dataSet, hasPart10Header, transferSyntaxUid, pixelModule, syntax, ...(palette ? { palette } : {}) };
}
