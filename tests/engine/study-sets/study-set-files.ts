// Test inputs for study sets: small chest DICOMs with the identifiers a test chooses, and drawn
// JPEGs (no real data needed).
import { join } from 'node:path';
import sharp from 'sharp';
import { chestPhantom, writeDicom, type DicomSpec } from '../../fixtures/write-dicom';

export interface ImageIds {
  study: string;
  series: string;
  seriesNumber?: number;
  instance?: number;
  view?: string;
  date?: string;
  age?: string;
  description?: string;
}

export async function writeStudyImage(path: string, ids: ImageIds, extra: Partial<DicomSpec> = {}): Promise<string> {
  const size = extra.rows ?? 128;
  return writeDicom(path, {
    rows: size,
    columns: extra.columns ?? size,
    bitsStored: 12,
    pixels: chestPhantom(size, extra.columns ?? size, 200, 3800),
    ...extra,
    attributes: {
      Modality: 'DX',
      BodyPartExamined: 'CHEST',
      PatientAge: ids.age ?? '003Y',
      StudyInstanceUID: ids.study,
      SeriesInstanceUID: ids.series,
      SeriesNumber: String(ids.seriesNumber ?? 1),
      InstanceNumber: String(ids.instance ?? 1),
      SOPInstanceUID: `${ids.series}.${ids.instance ?? 1}`,
      StudyDate: ids.date ?? '20240101',
      ...(ids.description ? { StudyDescription: ids.description } : {}),
      ...(ids.view ? { ViewPosition: ids.view } : {}),
      ...(extra.attributes ?? {}),
    },
  });
}

/** A drawn frontal "chest" JPEG (grey phantom). */
export async function writeChestJpeg(dir: string, name: string, size = 256): Promise<string> {
  const path = join(dir, name);
  await sharp(Uint8Array.from(chestPhantom(size, size, 10, 240)), { raw: { width: size, height: size, channels: 1 } }).jpeg().toFile(path);
  return path;
}
