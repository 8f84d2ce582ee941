// One policy for every screen: an answer with intended-use warnings (not a chest radiograph, an
// adult, unlike the training images...) is held back: the viewer, its badges and the worklist show
// no probability or label for it until the reader asks. Machine outputs (CSV, JSON) keep the
// model's raw probability and label beside the warnings, so scripts decide for themselves.
export function heldBack(answer: { warnings: readonly string[]; error?: string | null }): boolean {
  return !answer.error && answer.warnings.length > 0;
}
