// What the site tells Alveo about its own images, stored once for the app, the web host and the CLI.
// A paediatric hospital whose archive or anonymiser strips ages would otherwise see every DICOM held
// back for "no usable age"; it can say that its studies without an age are children's.

export const AGE_UNKNOWN_POLICIES = ['hold-back', 'read-as-child'] as const;
export type AgeUnknownPolicy = (typeof AGE_UNKNOWN_POLICIES)[number];

export interface SitePolicy {
  /**
   * A DICOM that records no usable age, read by a model trained on children: 'hold-back' (the
   * default: it may be an adult's film) or 'read-as-child' (the site images only children).
   */
  ageUnknown: AgeUnknownPolicy;
}

export const DEFAULT_SITE_POLICY: SitePolicy = { ageUnknown: 'hold-back' };

/** The policy in a settings value that may be missing, old or hand-edited: unknown values read as the default. */
export function sitePolicyFrom(value: unknown): SitePolicy {
  const v = value && typeof value === 'object' ? (value as Record<string, unknown>).ageUnknown : undefined;
  return { ageUnknown: AGE_UNKNOWN_POLICIES.includes(v as AgeUnknownPolicy) ? (v as AgeUnknownPolicy) : DEFAULT_SITE_POLICY.ageUnknown };
}

/** The policy as read, and what in settings.json could not be understood (absent when all is well). */
export interface SitePolicyRead extends SitePolicy {
  /** E.g. a hand-edited "read-as-kid": said with the accepted values; the safe default holds meanwhile. */
  problem?: string;
}

export interface SitePolicyApi {
  getSitePolicy(): Promise<SitePolicyRead>;
  /** Stores the policy; later answers (and batch scores, whose cache is kept per policy) follow it. */
  setSitePolicy(policy: SitePolicy): Promise<SitePolicy>;
}
