// The picture a Secondary Capture carries: the study as displayed with the Grad-CAM overlay, a
// colour bar (Turbo, high at the top) on the right, and a burned-in banner on top that says
// "AI research output, not for diagnosis" with the answer in the app's words, the model score and
// the model, or, for an answer the app holds back, why and no label: a PACS viewer shows the
// capture without the app's caveats, so the capture must carry them.
import sharp from 'sharp';
import { gradCamOverlay } from '../inference/grad-cam-png';
import { TURBO } from '../inference/turbo-colormap';
import { displayPixels } from '../studies/display-pixels';
import type { Study } from '../studies/study';
import { squarePixelSize } from '../studies/square-pixel-size';
import { BURNED_IN_NOTICE, percent, type ResultFacts } from './result-facts';
import { heldBackWords, modelWords, readingWords, scoreWords } from './result-wording';

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

export interface BannerLine {
  text: string;
  /** The notice and the intended-use warning are bold; the warning is amber, to stand out. */
  style: 'notice' | 'result' | 'warning';
}

export interface BannerOptions {
  /**
   * Whether a held-back answer's score is burned in ("model score N%"). The app sends a result only
   * once its answer is shown, so by default yes; never a label for it either way.
   */
  showHeldBackScore?: boolean;
}

/**
 * The burned-in banner: the research notice, then either the answer in the app's words with the
 * model score and the model, or (when intended-use warnings fired) "AI answer held back" with why
 * and no label: a PACS viewer shows the capture without the app's caveats.
 */
export function bannerLines(facts: ResultFacts, opts: BannerOptions = {}): BannerLine[] {
  const model = `model ${modelWords(facts)}`;
  const notice: BannerLine = { text: BURNED_IN_NOTICE, style: 'notice' };
  if (!facts.warnings.length) {
    return [notice, { text: `AI reading: ${readingWords(facts)} at threshold ${percent(facts.threshold)}% · ${scoreWords(facts)} · ${model}`, style: 'result' }];
  }
  const score = (opts.showHeldBackScore ?? true) ? `${scoreWords(facts)} (does not apply here) · ` : '';
  return [notice, { text: `${heldBackWords(facts.warnings)} — outside the model's intended use`, style: 'warning' }, { text: `${score}${model}`, style: 'result' }];
}

/** Words of `text` in rows of at most `perRow` characters (a longer word gets a row of its own). */
function wrap(text: string, perRow: number): string[] {
  const rows: string[] = [];
  let row = '';
  for (const word of text.split(' ')) {
    if (row && row.length + 1 + word.length > perRow) {
      rows.push(row);
      row = word;
    } else row = row ? `${row} ${word}` : word;
  }
  return row ? [...rows, row] : rows;
}

const STYLE: Record<BannerLine['style'], string> = {
  notice: 'font-weight="bold" fill="#ffffff"',
  result: 'fill="#ffffff"',
  warning: 'font-weight="bold" fill="#ffc400"',
};

/** The banner as SVG text rows and its height: lines wrap rather than shrink below a readable size. */
function bannerSvg(lines: BannerLine[], width: number, rows: number): { svg: string; height: number } {
  const base = Math.max(40, Math.round(rows * 0.07));
  const maxFont = base * 0.36;
  // ~0.56 em per character in a sans font, ~0.64 in bold. Shrink so the longest line fits on one
  // row, but never below what holds ~48 characters a row: past that, lines wrap (a warning must
  // stay readable).
  const em = (l: BannerLine) => (l.style === 'result' ? 0.56 : 0.64);
  const fitAll = (width - 16) / Math.max(...lines.map((l) => em(l) * l.text.length));
  const floor = Math.max(8, Math.min(maxFont, (width - 16) / (0.6 * 48)));
  const font = Math.min(maxFont, Math.max(fitAll, floor));
  const laid = lines.flatMap((l) => wrap(l.text, Math.max(8, Math.floor((width - 16) / (em(l) * font)))).map((text) => ({ text, style: l.style })));
  const step = font * 1.25;
  const block = font + (laid.length - 1) * step;
  const height = Math.max(base, Math.ceil(block + 2 * Math.max(4, font * 0.4)));
  const first = (height - block) / 2 + font * 0.85;
  const svg = laid
    .map((l, i) => `<text x="8" y="${(first + i * step).toFixed(1)}" font-family="DejaVu Sans, Arial, sans-serif" font-size="${font.toFixed(1)}" ${STYLE[l.style]}>${escapeXml(l.text)}</text>`)
    .join('\n  ');
  return { svg, height };
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

export async function resultImage(study: Study, heat: Float32Array, facts: ResultFacts, opts: BannerOptions = {}): Promise<ResultImage> {
  if (heat.length !== study.rows * study.columns) throw new Error(`Grad-CAM is ${heat.length} values for a ${study.columns}x${study.rows} study`);
  // The capture carries no spacing: non-square pixels are resampled square, else PACS shows it squashed.
  const { width: columns, height: rows } = squarePixelSize(study.rows, study.columns, study.display.spacing);
  const native = gradCamOverlay(displayPixels(study), heat);
  const overlay =
    columns === study.columns && rows === study.rows
      ? native
      : await sharp(native, { raw: { width: study.columns, height: study.rows, channels: 3 } }).resize(columns, rows, { fit: 'fill' }).raw().toBuffer();
  const panel = Math.max(48, Math.round(columns * 0.07));
  const width = columns + panel;
  const text = bannerSvg(bannerLines(facts, opts), width, rows);
  const banner = text.height;
  const height = rows + banner;
  const labelFont = Math.max(8, Math.min(panel * 0.28, 18));
  const barWidth = Math.round(panel * 0.4);
  const barTop = banner + Math.round(labelFont * 2);
  const barHeight = Math.max(8, rows - Math.round(labelFont * 4));
  const barLeft = columns + Math.round((panel - barWidth) / 2);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
  ${text.svg}
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
