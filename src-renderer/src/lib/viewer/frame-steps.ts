// Paging a multi-frame file with , and . (and the frame bar): steps pressed while a frame is still
// loading are not dropped (review 34 F8). They move a target frame, and when a load finishes the
// latest target is loaded next, so holding . pages on, and two quick presses move two frames, with
// the frames passed over in between skipped rather than queued.

/** What paging needs of the app (AppState has it). */
export interface FrameHost {
  study: { info: { file: string; frame?: number; frames: number } | null; opening: string | null };
  open(file: string, frame: number): Promise<void>;
}

interface Paging {
  file: string;
  /** 0-based frame the reader asked for last. */
  target: number;
  /** A load loop is running for this file (the next load starts when the current one ends). */
  running: boolean;
}

const paging = new WeakMap<FrameHost, Paging>();

/** The previous (-1) or next (+1) frame of the multi-frame file on screen, from the frame last asked for; nothing past either end. */
export function stepFrame(app: FrameHost, step: -1 | 1): void {
  const info = app.study.info;
  if (!info) return;
  const now = paging.get(app);
  const stepping = now?.running === true && now.file === info.file;
  // Another file on its way (opened meanwhile) takes over the screen: no frame of this one is asked for.
  if (app.study.opening !== null && !stepping) return;
  const from = stepping ? now.target : (info.frame ?? 0);
  const to = Math.min(info.frames - 1, Math.max(0, from + step));
  if (to === from) return;
  if (stepping) {
    now.target = to;
    return;
  }
  const p: Paging = { file: info.file, target: to, running: true };
  paging.set(app, p);
  void loadTarget(app, p);
}

async function loadTarget(app: FrameHost, p: Paging): Promise<void> {
  try {
    for (;;) {
      const frame = p.target;
      await app.open(p.file, frame);
      const shown = app.study.info;
      // Done; or it failed (the error is shown), or another file was opened meanwhile: stop there.
      if (p.target === frame || app.study.opening !== null || shown?.file !== p.file || (shown.frame ?? 0) !== frame) return;
    }
  } finally {
    p.running = false;
  }
}
