// What the comparison pane does by itself, as one pure decision (ViewerPane's effect carries it
// out): empty itself when it shows what does not belong beside the image on screen, and fill itself
// with this patient's best image. Each image is filled in unasked at most once beside the same
// image on screen, so a worklist row whose header is out of date (the file replaced on disk by
// another patient's) is opened, found to be another patient's, emptied, and never opened again:
// no endless open/close, and no inference run after run.
import { samePatient, type CompareCandidate } from './compare-candidates';

type Attributes = Readonly<Record<string, string | undefined>>;

export interface CompareNow {
  comparing: boolean;
  /** The image on screen. */
  main: { file: string; attributes: Attributes } | null;
  /** What the pane shows (its header as read). */
  shown: { file: string; attributes: Attributes } | null;
  /** The file on its way into the pane. */
  opening: string | null;
  /** Why the last image could not be opened (the pane says so; beside the same image it stays so). */
  error: string | null;
  /** The image on screen for which the user chose what the pane shows. */
  chosenFor: string | null;
  /** The image on screen the pane was last filled for unasked, and the files filled in beside it. */
  filledFor: string | null;
  filled: readonly string[];
  candidates: readonly CompareCandidate[];
}

export interface CompareStep {
  /** Empty the pane. */
  close: boolean;
  /**
   * Forget what was filled in unasked: the comparison is off (C again fills the pane afresh), or
   * the memory is of another image on screen. Not when the pane empties itself beside the same
   * image: what it emptied itself of is not filled in again.
   */
  forget: boolean;
  /** The file to fill the pane with, unasked, beside the image on screen. */
  fill: string | null;
}

export function compareStep(now: CompareNow): CompareStep {
  const none: CompareStep = { close: false, forget: false, fill: null };
  if (!now.comparing) {
    const anything = now.shown || now.opening || now.chosenFor !== null || now.filledFor !== null;
    return anything ? { close: true, forget: true, fill: null } : none;
  }
  const { main } = now;
  if (!main) return none;
  // The user's choice beside this image stands, even one that could not be opened.
  if (now.chosenFor === main.file) return none;
  const filledHere = now.filledFor === main.file;
  // Moved on to another image: what was filled in beside the last one is no longer to avoid.
  const forget = now.filledFor !== null && !filledHere;
  // An open on its way belongs beside this image when chosen for it or filled in for it; what is
  // shown stays only if it is this patient's (or the user chose it beside this very image).
  const stale = now.opening
    ? !(now.chosenFor === null && filledHere)
    : now.shown !== null && samePatient(main.attributes, now.shown.attributes) !== 'same';
  // An image filled in beside this one that could not be opened: the pane says so, and stays so.
  if (!stale && (now.shown || now.opening || (now.error && filledHere))) return { ...none, forget };
  const filled = filledHere ? now.filled : [];
  const best = now.candidates.find((c) => c.patient === 'same' && !filled.includes(c.file));
  return { close: stale, forget, fill: best?.file ?? null };
}
