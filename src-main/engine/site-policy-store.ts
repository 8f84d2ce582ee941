// The site policy (api/site-policy.ts) as stored in settings.json, read afresh by each answer so a
// change made in the app holds for the CLI and the web host too.
import { sitePolicyFrom, type SitePolicy } from '../api/site-policy';
import { readSettings, updateSettings } from './settings-file';

export async function readSitePolicy(userDir: string): Promise<SitePolicy> {
  return sitePolicyFrom((await readSettings(userDir)).sitePolicy);
}

export async function writeSitePolicy(userDir: string, policy: SitePolicy): Promise<SitePolicy> {
  const clean = sitePolicyFrom(policy);
  await updateSettings(userDir, { sitePolicy: clean });
  return clean;
}
