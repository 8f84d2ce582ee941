// alveo site [--age-unknown hold-back|read-as-child] [--json]
// What this site says of its own images (settings.json, the same store the app's Models tab
// writes): prints it, or changes it first. Every later predict, score and study answer follows it.
import { AGE_UNKNOWN_POLICIES, type AgeUnknownPolicy, type SitePolicy } from '../../api/site-policy';
import { defaultUserDir } from '../../engine/engine-deps';
import { readSitePolicyChecked, writeSitePolicy } from '../../engine/user-folder/site-policy-store';
import { recordCliAction } from '../../engine/audit/audit-log';
import { engineVersion } from '../../engine/engine-version';
import { printJsonLine, UsageError } from '../cli-conventions';
import { defineCommand } from '../command';

const DESCRIBE: Record<AgeUnknownPolicy, string> = {
  'hold-back': 'hold-back (a DICOM without a usable age may be an adult’s film: its answer carries a warning and is held back)',
  'read-as-child': 'read-as-child (this site images only children: a DICOM without a usable age is read like any other)',
};

export const command = defineCommand({
  name: 'site',
  summary: 'show or set what this site says of its images (DICOMs without an age)',
  options: {
    'age-unknown': { type: 'string', arg: 'POLICY', help: `set how DICOMs without a usable age are read: ${AGE_UNKNOWN_POLICIES.join(' or ')}` },
    json: { type: 'boolean', help: 'print the policy as one JSON object' },
  },
  help: [
    'The default, hold-back, suits a general site: the shipped model was trained on children, and a',
    'DICOM whose age was removed (by an anonymiser, say) may show an adult. A paediatric site whose',
    'archive strips ages can choose read-as-child. Cached batch scores made under the other policy',
    'are not reused.',
  ].join('\n'),
  async run({ values }) {
    const userDir = defaultUserDir();
    const read = await readSitePolicyChecked(userDir);
    let policy: SitePolicy = read.policy;
    const wanted = values['age-unknown'];
    // Setting a value rewrites a clean policy, which mends a mistyped one; reading says what is wrong.
    if (read.problem && wanted === undefined) process.stderr.write(`alveo site: ${read.problem}\n`);
    if (wanted !== undefined) {
      if (!AGE_UNKNOWN_POLICIES.includes(wanted as AgeUnknownPolicy)) {
        throw new UsageError(`--age-unknown must be ${AGE_UNKNOWN_POLICIES.join(' or ')}, not '${wanted}'`);
      }
      policy = await writeSitePolicy(userDir, { ...policy, ageUnknown: wanted as AgeUnknownPolicy });
      // The app and the web host record theirs through the engine; this command works without one.
      await recordCliAction(userDir, engineVersion, 'setSitePolicy', { policy });
    }
    if (values.json) printJsonLine(policy);
    else console.log(`DICOMs without a usable age: ${DESCRIBE[policy.ageUnknown]}`);
    return 0;
  },
});
