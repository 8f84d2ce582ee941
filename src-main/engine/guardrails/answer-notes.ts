// What is said beside an answer without holding it back, wherever the answer goes (AI panel,
// worklist row, CSV, --json, DICOM SR and capture): a JPEG's or PNG's population that could not be
// checked, and what the site policy decided for a DICOM without a usable age.
import type { ModelCard } from '../../api/model-card';
import { DEFAULT_SITE_POLICY, type SitePolicy } from '../../api/site-policy';
import type { Study } from '../studies/study';
import { policyNotes } from './check-study';
import { uncheckedPopulationNote } from './unchecked-population';

export function answerNotes(study: Pick<Study, 'format' | 'attributes'>, card: ModelCard, policy: SitePolicy = DEFAULT_SITE_POLICY): string[] {
  const unchecked = uncheckedPopulationNote(study.format, card);
  return [...(unchecked ? [unchecked] : []), ...policyNotes(study, card, policy)];
}
