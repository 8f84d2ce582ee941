// DICOM file bytes -> Study (one frame decoded, the first unless asked; attributes, tags, default window, polarity).
import type { Study } from '../study';
import type { StudyDisplay } from '../../../api/study-display';
import { openDicom } from './open-dicom';
import { framesHeld } from './frames-held';
import { decodeFrameBytes } from './decode-frame';
import { colourPixels } from './colour-pixels';
import { colourSamples } from './colour-samples';
import { modalityValueOf, modalityValues } from './modality-values';
import { readModalityLut } from './modality-lut';
import { readRescale } from './rescale';
import { readPixelPadding } from './pixel-padding';
import { studyPadding } from './study-padding';
import { modalityLutNote } from './modality-lut-note';
import { readAttributes } from './dicom-attributes';
import { charsetNotes } from './charset-notes';
import { listTags } from './dicom-tags';
import { dicomDefaultWindow } from '../window/default-window';
import { decidePolarity } from './polarity';
import { readFileWindowPresets, readVoiLutFunction } from '../window/file-window-presets';
import { readPixelSpacing } from './pixel-spacing';
import { unusablePixelAspect } from './pixel-aspect';
import { readOverlayPlanes } from './overlay-planes';
import { AlveoError } from '../../../api/errors';

/** frameIndex: 0-based frame to decode (a multi-frame file's other frames are paged one at a time). */
export async function loadDicomStudy(file: string, bytes: Buffer, frameIndex = 0): Promise<Study> {
  const dicom = openDicom(file, bytes);
  const { dataSet: ds, pixelModule: pm, syntax } = dicom;
  const { frames, note: framesNote } = framesHeld(dicom);
  if (!Number.isInteger(frameIndex) || frameIndex < 0 || frameIndex >= frames) {
    throw new AlveoError('BAD_ARGUMENT', `frame ${frameIndex + 1} asked for, but the file holds ${frames} frame${frames === 1 ? '' : 's'}`, file);
  }
  const notes: string[] = [];
  if (frames > 1) notes.push(`multi-frame (${frames} frames): frame ${frameIndex + 1} shown and read`);
  if (framesNote) notes.push(framesNote);
  if (syntax.lossy) notes.push(`lossy compression (${syntax.name})`);
  notes.push(...charsetNotes(ds));
  const overlays = readOverlayPlanes(ds, { frame: frameIndex, frames: pm.frames, bigEndian: syntax.bigEndian });
  notes.push(...overlays.notes);

  const frame = await decodeFrameBytes(dicom, frameIndex);
  const { slope, intercept, note: rescaleNote } = readRescale(ds, pm.bitsStored);
  const maskToBitsStored = syntax.codec === 'native' || syntax.codec === 'rle';
  // Palette and uncompressed 4:2:2 frames become the RGB or Y Cb Cr samples they stand for (spm).
  const { bytes: samples, pixelModule: spm, samplesAreYbr, notes: colourNotes } = colourSamples(dicom, frame, maskToBitsStored);
  notes.push(...colourNotes);
  const lut = readModalityLut(ds, spm, (why) => notes.push(`${why}; rescale slope/intercept used`));
  if (!lut && rescaleNote) notes.push(rescaleNote);
  if (lut) notes.push(modalityLutNote(lut, ds.elements.x00281053 !== undefined || ds.elements.x00281052 !== undefined));
  const paddingRange = readPixelPadding(ds, spm);
  const values = modalityValues(samples, spm, {
    slope,
    intercept,
    maskToBitsStored,
    samplesAreYbr,
    ...(lut ? { lut } : {}),
    ...(paddingRange ? { padding: paddingRange } : {}),
  });
  const { padding, note: paddingNote } = studyPadding(paddingRange, values);
  if (paddingNote) notes.push(paddingNote);
  // Colour is shown as colour; the model (grayscale) keeps reading the luminance in `values`.
  const rgb = spm.samplesPerPixel === 3 ? colourPixels(samples, spm, { maskToBitsStored, samplesAreYbr }) : undefined;
  if (rgb) notes.push(`colour image (${pm.photometricInterpretation}): the AI reads its grayscale luminance`);
  const voiLutFunction = readVoiLutFunction(ds);
  const win = dicomDefaultWindow(
    ds,
    { values: values.values, minValue: values.minValue, maxValue: values.maxValue, ...(padding ? { paddingMask: padding.mask } : {}) },
    spm,
    { valueOf: modalityValueOf({ slope, intercept, ...(lut ? { lut } : {}) }), valuePixelRepresentation: lut ? 0 : spm.pixelRepresentation },
    voiLutFunction,
  );
  if (win.note) notes.push(win.note);
  const attributes = readAttributes(ds);
  const polarity = decidePolarity({
    photometricInterpretation: pm.photometricInterpretation,
    values: values.values,
    rows: pm.rows,
    columns: pm.columns,
    window: win.window,
    ...(win.voiLut ? { voiLut: win.voiLut } : {}),
    voiLutFunction,
    ...(padding ? { paddingMask: padding.mask } : {}),
    attributes,
  });
  if (polarity.note) notes.push(polarity.note);
  const spacing = readPixelSpacing(ds);
  const badAspect = spacing ? undefined : unusablePixelAspect(ds);
  if (badAspect !== undefined) notes.push(`Pixel Aspect Ratio "${badAspect}" gives no pixel shape: pixels drawn square, lengths in pixels`);
  const display: StudyDisplay = {
    presets: readFileWindowPresets(ds),
    voiLutFunction,
    ...(spacing ? { spacing } : {}),
    ...(padding ? { padding: { value: padding.value, ...(padding.rangeLimit !== undefined ? { rangeLimit: padding.rangeLimit } : {}), pixels: padding.pixels } } : {}),
    ...(lut ? { modalityLut: { ...(lut.type ? { type: lut.type } : {}), ...(lut.explanation ? { explanation: lut.explanation } : {}) } } : {}),
  };

  return {
    file,
    format: 'dicom',
    rows: pm.rows,
    columns: pm.columns,
    frames,
    frame: frameIndex,
    values: values.values,
    ...(values.storedValues ? { storedValues: values.storedValues } : {}),
    ...(rgb ? { rgb } : {}),
    ...(overlays.planes.length > 0 ? { overlays: overlays.planes } : {}),
    minValue: values.minValue,
    maxValue: values.maxValue,
    window: win.window,
    windowSource: win.windowSource,
    ...(win.voiLut ? { voiLut: win.voiLut } : {}),
    display,
    invert: polarity.invert,
    ...(padding ? { padding } : {}),
    photometricInterpretation: pm.photometricInterpretation,
    transferSyntaxUid: dicom.transferSyntaxUid,
    bitsAllocated: pm.bitsAllocated,
    bitsStored: pm.bitsStored,
    pixelRepresentation: pm.pixelRepresentation,
    samplesPerPixel: pm.samplesPerPixel,
    attributes,
    tags: listTags(ds),
    notes,
  };
}
