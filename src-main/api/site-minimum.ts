// How many labelled site images a calibration needs: shared by the engine (which refuses fewer) and
// the training panel (whose hint says the same number for the target the user typed).

/**
 * Fewest images per class for a calibration. With 20 images a 95% interval for a proportion near
 * 0.95 spans about 0.75-0.99, and near 0.8 about 0.58-0.92: wide, but it says something. Fewer
 * images than 1 / (1 - sensitivity) positives cannot even show one missed case at the target.
 */
export const MIN_IMAGES_PER_CLASS = 20;

export function minPositivesFor(sensitivity: number): number {
  return Math.max(MIN_IMAGES_PER_CLASS, Math.ceil(1 / (1 - sensitivity)));
}

/** Share of a site's images (whole patients) site adaptation holds out to stop early, measure and calibrate. */
export const ADAPT_HELD_OUT = 0.3;

/** The fewest images per class a calibration (share 1) or an adaptation (share ADAPT_HELD_OUT) accepts. */
export function siteMinimum(sensitivity: number, share = 1): { PNEUMONIA: number; NORMAL: number } {
  return { PNEUMONIA: Math.ceil(minPositivesFor(sensitivity) / share), NORMAL: Math.ceil(MIN_IMAGES_PER_CLASS / share) };
}
