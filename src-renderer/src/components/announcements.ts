// What the viewer says to a screen reader, in words: the AI's reading (with its notes, or why it
// is held back), and where the heat map is strongest. Pure functions, so the wording is tested
// without a browser; ViewerAnnouncer.svelte puts them in live regions.
import type { Prediction } from '../../../src-main/api/contract';
import { percent, scorePercent } from './format';

/** The part of an AI reading an announcement needs (AiState has it all). */
export interface ReadingLike {
  predicting: boolean;
  error: { title: string } | null;
  prediction: Prediction | null;
  answerShown: boolean;
  hasWarnings: boolean;
  /** Read-first: the answer waits for the reader's own read. */
  awaitingReaderRead?: boolean;
}

export const fileName = (file: string): string => file.split(/[\\/]/).pop() ?? file;

/** One sentence, ending with a full stop (warnings and notes come with or without one). */
const sentence = (s: string): string => {
  const t = s.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
};

/**
 * The model's reading in words, as the AI panel shows it: the score and its side of the threshold,
 * "unreliable here" with the first warning when shown despite warnings, the notes said beside the
 * answer (a JPEG's unchecked age and view); held back, the first warning (the reason) and no score.
 */
export function aiReading(ai: ReadingLike): string {
  if (ai.predicting) return 'Reading the image.';
  if (ai.error) return `The model could not read the image: ${sentence(ai.error.title)}`;
  const p = ai.prediction;
  if (!p) return '';
  const others = p.warnings.length - 1;
  const more = others > 0 ? ` ${others} more warning${others > 1 ? 's' : ''} in the AI panel.` : '';
  if (!ai.answerShown && ai.awaitingReaderRead) return 'The AI answer is hidden until you record your read.';
  if (!ai.answerShown) {
    const why = p.warnings[0] ? sentence(p.warnings[0]) : 'this image is outside what the model can judge.';
    return `The AI answer is held back: ${why}${more}`;
  }
  const words = p.label === 'PNEUMONIA' ? 'pneumonia suspected' : 'no pneumonia suspected';
  const parts = [`AI reading: model score ${scorePercent(p.probability)}, ${words} (threshold ${percent(p.threshold)}).`];
  if (ai.hasWarnings) parts.push(`Unreliable here: ${sentence(p.warnings[0] ?? 'see the warnings')}`);
  for (const note of p.notes ?? []) parts.push(sentence(note));
  return parts.join(' ');
}

/** A heat grid: row-major heat in [0, 1] (GradCam's shape). */
export interface HeatGrid {
  rows: number;
  columns: number;
  heat: ArrayLike<number>;
}

/**
 * Where the heat is strongest, in words: the zone (upper, middle, lower third) and the half of the
 * image (left or right as stored, before any rotation or flip; not the patient's side) with the highest mean heat, and how much
 * of the image is above half the maximum. null for an empty map (nothing raised the score).
 */
export function heatSummary(cam: HeatGrid): string | null {
  const { rows, columns, heat } = cam;
  if (!rows || !columns || heat.length < rows * columns) return null;
  const sums = [0, 0, 0, 0, 0, 0];
  const counts = [0, 0, 0, 0, 0, 0];
  let max = 0;
  for (let i = 0; i < rows * columns; i++) if (heat[i] > max) max = heat[i];
  if (!(max > 0)) return null;
  let hot = 0;
  const half = max / 2;
  for (let y = 0; y < rows; y++) {
    const zone = Math.min(2, Math.floor((3 * y) / rows));
    const row = y * columns;
    for (let x = 0; x < columns; x++) {
      const v = heat[row + x];
      const cell = zone * 2 + (2 * x >= columns ? 1 : 0);
      sums[cell] += v;
      counts[cell]++;
      if (v >= half) hot++;
    }
  }
  let best = 0;
  for (let c = 1; c < 6; c++) if (sums[c] / Math.max(1, counts[c]) > sums[best] / Math.max(1, counts[best])) best = c;
  const zone = ['upper', 'middle', 'lower'][Math.floor(best / 2)];
  const side = best % 2 ? 'right' : 'left';
  const share = Math.max(1, Math.round((100 * hot) / (rows * columns)));
  return `Strongest heat: ${zone} zone, ${side} half of the image as stored; ${share}% of the image above half the maximum.`;
}
