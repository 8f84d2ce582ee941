// A modal dialog's keyboard rules, shared by every role="dialog" aria-modal panel (help, folder
// chooser, CSV export, activation confirmation): it takes the keyboard when it opens, keeps Tab and
// Shift+Tab inside itself, closes on Esc, and gives the keyboard back to the control that opened it.
// Used as a Svelte action: <div role="dialog" aria-modal="true" use:modal={{ onclose }}>.

export interface ModalOptions {
  /** Esc: the dialog's own "cancel". */
  onclose: () => void;
  /** What gets the keyboard first (a selector inside the dialog); the dialog itself otherwise. */
  initial?: string;
}

const FOCUSABLE = 'button, [href], input, select, textarea, summary, [tabindex]';

/** Open modals, innermost last: only the innermost one handles keys. */
const open: HTMLElement[] = [];

/** The elements Tab stops on inside `root`, in document order. */
export function tabStops(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => {
    if (el.tabIndex < 0 || (el as HTMLButtonElement).disabled || el.closest('[inert]')) return false;
    if (el.getClientRects().length === 0) return false; // display: none, or in a closed <details>
    // A radio group is one stop: its checked radio (or its first when none is checked).
    if (el instanceof HTMLInputElement && el.type === 'radio' && el.name) {
      const group = [...root.querySelectorAll<HTMLInputElement>(`input[type="radio"][name="${CSS.escape(el.name)}"]`)];
      const stop = group.find((r) => r.checked) ?? group[0];
      return stop === el;
    }
    return true;
  });
}

/** Moves focus to the next (or previous) stop in `root`, wrapping; from outside it, to the first (last). */
export function cycleFocus(root: HTMLElement, back: boolean): void {
  const stops = tabStops(root);
  if (!stops.length) return root.focus();
  const at = stops.indexOf(document.activeElement as HTMLElement);
  const next = at < 0 ? (back ? stops.length - 1 : 0) : (at + (back ? -1 : 1) + stops.length) % stops.length;
  stops[next].focus();
}

export function modal(node: HTMLElement, options: ModalOptions): { update(o: ModalOptions): void; destroy(): void } {
  let opts = options;
  const opener = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
  open.push(node);
  if (!node.hasAttribute('tabindex')) node.tabIndex = -1;
  (opts.initial ? node.querySelector<HTMLElement>(opts.initial) : null)?.focus();
  if (!node.contains(document.activeElement)) node.focus();

  // On the window, in the capture phase: the keys are the dialog's even when focus fell out of it (a
  // button disabled while saving) and before the app's own shortcuts (which skip handled keys) see them.
  function onKeydown(e: KeyboardEvent): void {
    if (open.at(-1) !== node || e.defaultPrevented) return;
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      opts.onclose();
    } else if (e.key === 'Tab' && !e.ctrlKey && !e.altKey && !e.metaKey) {
      e.preventDefault();
      cycleFocus(node, e.shiftKey);
    }
  }
  window.addEventListener('keydown', onKeydown, true);

  return {
    update(o) {
      opts = o;
    },
    destroy() {
      window.removeEventListener('keydown', onKeydown, true);
      const i = open.indexOf(node);
      if (i >= 0) open.splice(i, 1);
      // Back to the opener, unless the keyboard has already moved on to something else on the page.
      const now = document.activeElement;
      const lost = !now || now === document.body || node.contains(now);
      if (lost && opener?.isConnected) opener.focus();
    },
  };
}
