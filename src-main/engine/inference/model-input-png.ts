// The model's input as a picture, for checking the preprocessing without the source code (an
// acceptance test of what the network reads: window, polarity, padding, the squash to S x S):
// the S x S 8-bit gray image before the ImageNet normalisation, of the first test-time view (the
// image as is; the other views are zooms and shifts of it).
import sharp from 'sharp';
import type { ModelCard } from '../../api/model-card';
import { PRIVATE_FILE_MODE, writeFileAtomic } from '../files/atomic-files';
import type { Study } from '../studies/study';
import { prepareStudy } from './predict';

/** Writes the model's S x S input of `study` as an 8-bit gray PNG, atomically and owner-only (it shows the patient's image). */
export async function writeModelInputPng(study: Study, card: ModelCard, outFile: string): Promise<void> {
  const { pixels } = await prepareStudy(study, card);
  const size = card.inputSize;
  await writeFileAtomic(outFile, await sharp(pixels, { raw: { width: size, height: size, channels: 1 } }).toColourspace('b-w').png().toBuffer(), PRIVATE_FILE_MODE);
}
