// Polite messages for what a key or a button changed without moving focus (a tool chosen, the image
// rotated, the heat map on): a screen reader hears them, ViewerAnnouncer.svelte shows none.
export class Announcer {
  message = $state('');
  private count = 0;

  /** Says `text`; the same text twice in a row is said twice (a no-break space tells them apart). */
  say(text: string): void {
    this.count++;
    this.message = this.count % 2 ? text : `${text}\u00a0`;
  }
}

const instances = new WeakMap<object, Announcer>();

/** The app's one announcer (created on first use, like the study set). */
export function announcerFor(app: object): Announcer {
  let a = instances.get(app);
  if (!a) instances.set(app, (a = new Announcer()));
  return a;
}
