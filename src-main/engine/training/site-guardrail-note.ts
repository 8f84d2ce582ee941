// What a calibrated or adapted model's card says about its unlike-training check and about which
// site images did what. An adapted model's check is refitted on a few dozen site images, far fewer
// than its parent's: the card says so rather than just "Yes" (a reviewer saw it flag fewer adult
// films than the parent's).
import type { AdaptationRecord } from '../../api/adaptation';

export type SiteGuardrail =
  /** The parent's ood.json, as is: the pooled features it describes are unchanged. */
  | { kind: 'parent'; reason: 'same weights' | 'no epoch changed the weights' }
  /** Refitted on the site's images through the adapted weights; parentHeldOut: how many held-out images set the parent's threshold, when known. */
  | { kind: 'refitted'; adaptation: AdaptationRecord; parentHeldOut?: number }
  | { kind: 'none' };

const total = (c: { NORMAL: number; PNEUMONIA: number }) => c.NORMAL + c.PNEUMONIA;

/** "112 images of 85 patients": the part of the site's images that trained the weights. */
export function splitWords(a: AdaptationRecord): string {
  return `${total(a.split.train)} images of ${a.split.trainPatients} patients`;
}

/** "other 49 images of 41 patients (held out from training)": the part that chose the epoch and set the threshold (and the check's threshold). */
export function heldOutWords(a: AdaptationRecord): string {
  return `other ${total(a.split.val)} images of ${a.split.valPatients} patients (held out from training)`;
}

export function siteGuardrailNote(g: SiteGuardrail): string {
  if (g.kind === 'none') return 'Unlike-training check: none (the parent has none either); only the attribute and pixel checks apply.';
  if (g.kind === 'parent') return `Unlike-training check: the parent's, unchanged (${g.reason}, so the features it describes are the same).`;
  const held = total(g.adaptation.split.val);
  const parent = g.parentHeldOut ? `on ${g.parentHeldOut} held-out images` : 'on its own, much larger, data';
  return (
    `Unlike-training check refitted on this site: its feature statistics come from ${splitWords(g.adaptation)} (their augmented views) and its warning threshold is the 99th percentile of the scores of only ${held} held-out images, in effect close to the highest of them. ` +
    `The parent's was set ${parent}. This one is weaker: it may let through unusual images (adult films, other equipment) that the parent's holds back. Check it on such images before relying on it.`
  );
}

/**
 * Everything an adaptation's held-out images chose, in words: the epoch kept (by their loss), the
 * temperature and threshold, and the unlike-training check's cut-off when it was refitted. Its
 * "after" figures are measured on the same images, so they are in-sample for all of these.
 */
export function heldOutChoices(a: { bestEpoch: number; epochsRun: number }, refittedCheck: boolean): string {
  const epoch = a.bestEpoch ? `the epoch kept (epoch ${a.bestEpoch} of ${a.epochsRun} run)` : "the epoch kept (none: no epoch beat the parent's weights)";
  const parts = [epoch, 'the temperature', 'the threshold', ...(refittedCheck ? ["the unlike-training check's cut-off"] : [])];
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
