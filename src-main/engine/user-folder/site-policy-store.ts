// The site policy (api/site-policy.ts) as stored in settings.json, read afresh by each answer so a
// change made in the app holds for the CLI and the web host too.
import { AGE_UNKNOWN_POLICIES, DEFAULT_SITE_POLICY, sitePolicyFrom, type SitePolicy } from '../../api/site-policy';
import { readSettings, settingsFile, updateSettings } from './settings-file';

export async function readSitePolicy(userDir: string): Promise<SitePolicy> {
  return (await readSitePolicyChecked(userDir)).policy;
}

/**
 * The policy, and what in settings.json could not be understood (null when nothing). An unknown
 * value still reads as the safe default, but whoever distributed the file must be able to see that
 * their choice did not take (a typo such as 'read-as-kid' would otherwise hold back every DICOM
 * without an age, silently).
 */
export async function readSitePolicyChecked(userDir: string): Promise<{ policy: SitePolicy; problem: string | null }> {
  const stored = (await readSettings(userDir)).sitePolicy;
  return { policy: sitePolicyFrom(stored), problem: sitePolicyProblem(settingsFile(userDir), stored) };
}

function sitePolicyProblem(file: string, stored: unknown): string | null {
  const accepted = `accepted: ${AGE_UNKNOWN_POLICIES.join(', ')}`;
  const fallback = `it is read as ${DEFAULT_SITE_POLICY.ageUnknown}, the safe default`;
  if (stored === undefined) return null;
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) {
    return `${file}: "sitePolicy" is ${JSON.stringify(stored)}, not an object such as {"ageUnknown": "${AGE_UNKNOWN_POLICIES[0]}"} (${accepted}); ${fallback}`;
  }
  const value = (stored as Record<string, unknown>).ageUnknown;
  if (value === undefined || (AGE_UNKNOWN_POLICIES as readonly unknown[]).includes(value)) return null;
  return `${file}: "sitePolicy.ageUnknown" is ${JSON.stringify(value)}, which Alveo does not know (${accepted}); ${fallback}`;
}

export async function writeSitePolicy(userDir: string, policy: SitePolicy): Promise<SitePolicy> {
  const clean = sitePolicyFrom(policy);
  await updateSettings(userDir, { sitePolicy: clean });
  return clean;
}
