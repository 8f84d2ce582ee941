// How much text the viewer writes over the image (review 34 F2), as PACS do with one key: all of it;
// minimal (window, zoom and orientation, no patient or study details: to see the image's corners,
// or for a teaching screenshot); none. The choice is remembered in localStorage.
export type AnnotationLevel = 'full' | 'minimal' | 'none';

const KEY = 'alveo.annotations';
const ORDER: readonly AnnotationLevel[] = ['full', 'minimal', 'none'];

/** Words for the level: the toolbar button's text and what a screen reader hears when it changes. */
export const ANNOTATION_WORDS: Record<AnnotationLevel, string> = {
  full: 'Corner text: all',
  minimal: 'Corner text: minimal (window, zoom, orientation; no patient details)',
  none: 'Corner text: off',
};

export function nextAnnotationLevel(level: AnnotationLevel): AnnotationLevel {
  return ORDER[(ORDER.indexOf(level) + 1) % ORDER.length];
}

export function readAnnotationLevel(): AnnotationLevel {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'minimal' || v === 'none' ? v : 'full';
  } catch {
    return 'full';
  }
}

export function rememberAnnotationLevel(level: AnnotationLevel): void {
  try {
    localStorage.setItem(KEY, level);
  } catch {
    // storage unavailable: the choice lasts for this session only
  }
}
