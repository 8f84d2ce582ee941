// The worklist's sort and grouping, kept across reloads and restarts in localStorage. Not the
// filter: a "normal" or "errors" filter carried into the next day's run would hide its pneumonias
// behind a count. Not the search text: it often holds a patient's name or ID.
import { DEFAULT_WORKLIST_VIEW, WORKLIST_SORT_KEYS, type WorklistView } from '../../../../src-main/api/worklist-view';

const KEY = 'alveo.worklist.view';

export function readRememberedWorklistView(): WorklistView {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<Record<keyof WorklistView, unknown>> | null;
    if (!v || typeof v !== 'object') return { ...DEFAULT_WORKLIST_VIEW };
    const sort = WORKLIST_SORT_KEYS.find((k) => k === v.sort) ?? DEFAULT_WORKLIST_VIEW.sort;
    const descending = typeof v.descending === 'boolean' ? v.descending : DEFAULT_WORKLIST_VIEW.descending;
    return { filter: DEFAULT_WORKLIST_VIEW.filter, search: '', sort, descending, groupByStudy: v.groupByStudy === true };
  } catch {
    return { ...DEFAULT_WORKLIST_VIEW }; // storage unavailable or damaged: the default view
  }
}

export function rememberWorklistView(view: WorklistView): void {
  try {
    const { sort, descending, groupByStudy } = view;
    localStorage.setItem(KEY, JSON.stringify({ sort, descending, groupByStudy: groupByStudy === true }));
  } catch {
    // storage unavailable: the view is kept for this page only
  }
}
