// The app's Models tab says when a model lacks the feature guardrail; the CLI says it on stderr.
import type { ModelEntry } from '../api/models';

/** One stderr line when the model has no ood.json (no "unlike the training images" check), else null. */
export function missingGuardrailNote(entry: ModelEntry): string | null {
  if (entry.featureGuardrail !== false) return null;
  return `note: model ${entry.id} has no ood.json: images unlike those it was trained on are not held back (only the attribute and pixel checks apply)`;
}
