// The app's workspace around the tabs: which tab shows, whether the window is narrow (the side
// panels become drawers), reading down the worklist from the viewer (J / K, Esc back to the row),
// and the keys that act on all of it. App.svelte renders it; this decides what a key does.
import { tick } from 'svelte';
import type { AppState } from '../lib/state/app-state.svelte';
import { studySetStateFor } from '../lib/state/study-set-state.svelte';
import { worklistStateFor, type WorklistState } from '../lib/state/worklist-state.svelte';
import { viewerCommands } from '../lib/viewer/viewer-commands';
import { isTextField, shortcutFor, targetOwnsKey } from './shortcuts';
import { actionWords } from './action-words';
import { announcerFor } from './announcer.svelte';
import { isSingleCharacterKey, keyScope } from './key-scope.svelte';
import type { Drawer } from './ViewerWorkspace.svelte';
import type { WorkspaceTab } from './WorkspaceTabs.svelte';

// Below this width (a small window, or 200% zoom) the side panels become drawers over the image.
const NARROW = '(max-width: 960px)';

export class Workspace {
  tab = $state<WorkspaceTab>('viewer');
  narrow = $state(typeof matchMedia === 'function' && matchMedia(NARROW).matches);
  drawer = $state<Drawer | null>(null);
  /** Back from the viewer by key: the worklist puts the keyboard on its selected row. */
  worklistFocusRow = $state(false);
  /** "Last study of the worklist" after J past the end (cleared by the next step). */
  readingEdge = $state<string | null>(null);
  readonly worklist: WorklistState;

  /** The worklist, while the image on screen is the one it opened: J / K go on through it, Esc back. */
  readonly reading = $derived.by((): WorklistState | null => {
    const s = this.app.study;
    const shown = s.opening ?? s.error?.file ?? s.info?.file;
    return this.worklist.opened !== null && this.worklist.opened === shown ? this.worklist : null;
  });

  /** The element that last had the keyboard, and whether it was in the viewer (data-viewer-area). */
  private lastFocus: { el: Element; inViewer: boolean } | null = null;

  constructor(private readonly app: AppState) {
    this.worklist = worklistStateFor(app);
    // One workspace for the app's life (App.svelte): these listeners last as long.
    if (typeof document !== 'undefined') {
      document.addEventListener('focusin', (e) => {
        if (e.target instanceof Element) this.lastFocus = { el: e.target, inViewer: e.target.closest('[data-viewer-area]') !== null };
      });
      // A viewer control that vanished or was disabled under the keyboard (a frame button at the
      // last frame or while the next opens, the heat map button while the next study's map is
      // computed) drops focus to the page: it goes to the image instead. After the components'
      // own moves (the AI panel's Show focuses the answer), which come within a tick.
      document.addEventListener('focusout', () => setTimeout(() => this.rescueFocus(), 0));
    }
  }

  /** Focus fell to the page because a viewer control under it vanished or was disabled (not a click elsewhere). */
  private focusLostInViewer(): boolean {
    const last = this.lastFocus;
    if (!last?.inViewer || (document.activeElement && document.activeElement !== document.body)) return false;
    return !last.el.isConnected || (last.el as HTMLButtonElement).disabled === true;
  }

  private rescueFocus(): boolean {
    if (this.tab !== 'viewer' || !this.focusLostInViewer()) return false;
    focusViewport();
    return document.activeElement?.getAttribute('data-testid') === 'viewport';
  }

  /** Follows the window's width; returns the function that stops following. */
  watchWidth(): () => void {
    const mq = matchMedia(NARROW);
    const update = () => (this.narrow = mq.matches);
    mq.addEventListener('change', update);
    return () => mq.removeEventListener('change', update);
  }

  select(tab: WorkspaceTab): void {
    this.worklistFocusRow = false;
    this.tab = tab;
  }

  /**
   * A study is on screen, however it was opened (the Open dialog, a drop, the OS's "open with", a
   * menu): the image takes the keyboard when it is nowhere meaningful (the page itself, or the
   * Open button), so its shortcuts work at once; a user who went elsewhere keeps their place.
   */
  studyShown(): void {
    const active = document.activeElement;
    if (this.tab === 'viewer' && (active === null || active === document.body || active.getAttribute('data-testid') === 'open-button')) focusViewport();
  }

  /** A worklist row opened: the viewer comes to the front and the image gets the keyboard. */
  async openFromWorklist(file: string): Promise<void> {
    this.worklist.markOpened(file);
    this.readingEdge = null;
    this.tab = 'viewer';
    await tick();
    focusViewport();
    await this.app.open(file);
    await tick();
    // The viewport was hidden until its first image: focus it now, unless the user went elsewhere.
    if (document.activeElement === document.body) focusViewport();
  }

  /** J / K: the next or previous study in the worklist's order; false when not reading from it. */
  stepWorklist(step: 1 | -1): boolean {
    const list = this.reading;
    if (!list?.opened) return false;
    const row = list.neighbour(list.opened, step);
    this.readingEdge = row ? null : step > 0 ? 'Last study of the worklist' : 'First study of the worklist';
    // The step itself is said with the study's AI reading (ViewerAnnouncer); the edge, here.
    if (this.readingEdge) announcerFor(this.app).say(this.readingEdge);
    if (row) {
      list.markOpened(row.file);
      void this.app.open(row.file);
    }
    return true;
  }

  backToWorklist(): void {
    this.worklistFocusRow = true;
    this.tab = 'worklist';
  }

  setDrawer(to: Drawer | null): void {
    const was = this.drawer;
    // Closed while the keyboard was in it: the keyboard goes back to the toggle that opened it.
    const inside = was !== null && Boolean(document.activeElement?.closest(`#drawer-${was}`));
    this.drawer = to;
    if (!to && was && inside) void tick().then(() => document.querySelector<HTMLElement>(`[data-testid="drawer-toggle-${was}"]`)?.focus());
  }

  onKeydown(e: KeyboardEvent): void {
    const app = this.app;
    // A component that handled the key (the worklist grid, the tabs, a dialog) owns it.
    if (e.defaultPrevented) return;
    // Focus lost to the page by a viewer control (and not rescued yet): the key is the image's.
    const lost = e.target === document.body && this.rescueFocus();
    const target = lost ? document.activeElement : e.target instanceof Element ? e.target : null;
    // Text fields keep their keys; Esc leaves the field and, with a study on screen, gives the
    // keyboard to the image, where the single-key shortcuts act (never on the page itself).
    if (isTextField(target)) {
      if (e.key === 'Escape') {
        target.blur();
        if (this.tab === 'viewer' && app.study.info) focusViewport();
      }
      return;
    }
    const plain = !e.ctrlKey && !e.metaKey && !e.altKey;
    // The help is modal: only ? and Esc reach past it (it keeps Tab inside itself).
    if (app.viewer.helpOpen) {
      if (plain && (e.key === 'Escape' || e.key === '?')) {
        e.preventDefault();
        app.viewer.helpOpen = false;
      }
      return;
    }
    // Single-character keys act only where the user's setting allows (WCAG 2.1.4): by default in
    // the viewer, never with the focus on the page itself, where a stray typed path used to toggle
    // the comparison, the ruler and the heat map.
    if (isSingleCharacterKey(e) && !keyScope.allows(target, e.key)) return;
    // Help opens on every tab; the rest are the viewer's keys.
    if (plain && e.key === '?') {
      e.preventDefault();
      app.viewer.helpOpen = true;
      return;
    }
    if (this.tab !== 'viewer') return;
    // Alt+arrows pan wherever the keyboard is: left to the browser, Alt+Left would leave the app (Back).
    if (e.altKey && !e.ctrlKey && !e.metaKey && e.key.startsWith('Arrow')) {
      const pan = shortcutFor(e);
      if (pan) {
        e.preventDefault();
        viewerCommands.run(pan, app);
      }
      return;
    }
    // Space and Enter press the focused button or tick the box, arrows move in a radio group or a
    // slider: the viewer's shortcuts never take a control's own key.
    if (targetOwnsKey(target, e.key)) return;
    // Arrows move through the open study set.
    const arrow = e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : 0;
    if (arrow && plain && !e.shiftKey && studySetStateFor(app).step(arrow)) return e.preventDefault();
    const action = shortcutFor(e);
    if (!action) return;
    if (action === 'next-study' || action === 'previous-study') {
      if (this.stepWorklist(action === 'next-study' ? 1 : -1)) e.preventDefault();
      return;
    }
    if (action === 'close-help') {
      // Esc closes what is open over the image, else goes back to the worklist it came from.
      if (this.narrow && this.drawer) this.setDrawer(null);
      else if (this.reading) this.backToWorklist();
      else return;
      e.preventDefault();
      return;
    }
    e.preventDefault();
    if (action === 'open') {
      if (app.host.openFileDialog) void app.openWithDialog();
      else document.querySelector<HTMLInputElement>('[data-testid="open-path"]')?.focus();
    } else if (action === 'toggle-panels' && this.narrow) this.setDrawer(this.drawer ? null : 'ai');
    else viewerCommands.run(action, app);
    // Said politely: the change happened without moving focus (the toolbar's pressed state is not heard from the image).
    const words = actionWords(action, app, { narrow: this.narrow, drawer: this.drawer });
    if (words) announcerFor(app).say(words);
  }
}

function focusViewport(): void {
  document.querySelector<HTMLElement>('[data-testid="viewport"]')?.focus();
}
