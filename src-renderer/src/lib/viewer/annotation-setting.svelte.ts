// The viewer's annotation level (annotation-level.ts) as state the panes and the toolbar follow:
// one for the app, like the other viewer settings kept in localStorage.
import { nextAnnotationLevel, readAnnotationLevel, rememberAnnotationLevel, type AnnotationLevel } from './annotation-level';

class AnnotationSetting {
  level = $state<AnnotationLevel>(readAnnotationLevel());

  set(level: AnnotationLevel): void {
    this.level = level;
    rememberAnnotationLevel(level);
  }

  /** All → minimal → none → all (the T key and the toolbar button). */
  cycle(): void {
    this.set(nextAnnotationLevel(this.level));
  }
}

export const annotationSetting = new AnnotationSetting();
