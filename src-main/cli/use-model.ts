// Making a model active from the command line (alveo models --use, alveo import-weights --activate):
// the cautions the app shows at "Make active…" first; one that asks to confirm needs --yes.
import { cardActivationCaution } from '../api/activation-caution';
import type { Engine } from '../engine/index';

/**
 * Makes `id` the active model, after the cautions the app shows at "Make active…" (one rule for
 * every door: activation-caution.ts); one that asks to confirm needs --yes. False when not done.
 */
export async function useModel(engine: Engine, id: string, yes: boolean | undefined, command: string): Promise<boolean> {
  const entries = await engine.listModels();
  const entry = entries.find((e) => e.id === id);
  if (!entry) {
    console.error(`${command}: no model with id '${id}' (installed: ${entries.map((e) => e.id).join(', ') || 'none'})`);
    return false;
  }
  const caution = cardActivationCaution(entry.card, entry.card.parent ? entries.find((e) => e.id === entry.card.parent)?.card : null);
  for (const r of caution.reasons) console.error(`caution: ${r.text}`);
  if (caution.confirm && !yes) {
    console.error(`${command}: '${id}' was not made active: add --yes to make it active anyway`);
    return false;
  }
  await engine.setActiveModel(id);
  console.error(`active model: ${id}`);
  return true;
}
