// The picture a Secondary Capture carries: the study as displayed with the Grad-CAM overlay, a
// colour bar (Turbo, high at the top) on the right, and a burned-in banner on top that says
// "AI research output, not for diagnosis" with the probability, the label and the model.
import sharp from 'sharp';
import { gradCamOverlay } from '../inference/grad-cam-png';
import { TURBO } from '../inference/turbo-colormap';
import { displayPixels } from '../studies/display-pixels';
import type { Study } from '../studies/study';
import { BURNED_IN_NOTICE, percent, type ResultFacts } from './result-facts';

export interface ResultImage {
  rows: number;
  columns: number;
  /** RGB, 8 bits per sample, interleaved, row-major. */
  rgb: Uint8Array;
  /** Where the source image sits inside it (the banner and the bar are around it). */
  imageTop: number;
  barLeft: number;
}

const escapeXml = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function bannerLines(facts: ResultFacts): [string, string] {
  return [
    BURNED_IN_NOTICE,
    `Pneumonia ${percent(facts.probability)}% (${facts.label} at threshold ${percent(facts.threshold)}%) · model ${facts.modelId}`,
  ];
}

/** A vertical Turbo ramp, heat 1 at the top row and 0 at the bottom. */
function colourBar(width: number, height: number): Buffer {
  const out = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    const c = 3 * Math.round((1 - y / Math.max(1, height - 1)) * 255);
    for (let x = 0; x < width; x++) out.set([TURBO[c], TURBO[c + 1], TURBO[c + 2]], 3 * (y * width + x));
  }
  return out;
}

export async function resultImage(study: Study, heat: Float32Array, facts: ResultFacts): Promise<ResultImage> {
  const { rows, columns } = study;
  if (heat.length !== rows * columns) throw new Error(`Grad-CAM is ${heat.length} values for a ${columns}x${rows} study`);
  const overlay = gradCamOverlay(displayPixels(study), heat);
  const panel = Math.max(48, Math.round(columns * 0.07));
  const banner = Math.max(40, Math.round(rows * 0.07));
  const width = columns + panel;
  const height = rows + banner;
  const lines = bannerLines(facts);
  // ~0.55 em per character in a sans font: the longer line must fit the width.
  const font = Math.max(8, Math.min(banner * 0.36, (width - 16) / (0.56 * Math.max(...lines.map((l) => l.length)))));
  const labelFont = Math.max(8, Math.min(panel * 0.28, 18));
  const barWidth = Math.round(panel * 0.4);
  const barTop = banner + Math.round(labelFont * 2);
  const barHeight = Math.max(8, rows - Math.round(labelFont * 4));
  const barLeft = columns + Math.round((panel - barWidth) / 2);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
  <text x="8" y="${(banner * 0.42).toFixed(1)}" font-family="DejaVu Sans, Arial, sans-serif" font-weight="bold" font-size="${font.toFixed(1)}" fill="#ffffff">${escapeXml(lines[0])}</text>
  <text x="8" y="${(banner * 0.86).toFixed(1)}" font-family="DejaVu Sans, Arial, sans-serif" font-size="${font.toFixed(1)}" fill="#ffffff">${escapeXml(lines[1])}</text>
  <text x="${columns + panel / 2}" y="${barTop - labelFont * 0.5}" text-anchor="middle" font-family="DejaVu Sans, Arial, sans-serif" font-size="${labelFont}" fill="#ffffff">high</text>
  <text x="${columns + panel / 2}" y="${barTop + barHeight + labelFont * 1.2}" text-anchor="middle" font-family="DejaVu Sans, Arial, sans-serif" font-size="${labelFont}" fill="#ffffff">low</text>
</svg>`;
  const rgb = await sharp(Buffer.from(overlay.buffer, overlay.byteOffset, overlay.byteLength), { raw: { width: columns, height: rows, channels: 3 } })
    .extend({ top: banner, right: panel, background: { r: 0, g: 0, b: 0 } })
    .composite([
      { input: colourBar(barWidth, barHeight), raw: { width: barWidth, height: barHeight, channels: 3 }, left: barLeft, top: barTop },
      { input: Buffer.from(svg), left: 0, top: 0 },
    ])
    .removeAlpha()
    .raw()
    .toBuffer();
  return { rows: height, columns: width, rgb: new Uint8Array(rgb.buffer, rgb.byteOffset, rgb.byteLength), imageTop: banner, barLeft };
}
