// Worklist thumbnails, fetched lazily for the rows on screen (a row asks when it appears and
// withdraws when it scrolls away), two at a time so scoring keeps the engine's attention.
import { SvelteMap } from 'svelte/reactivity';
import type { ApiClient } from '../api/create-api-client';

export type ThumbnailSlot = { url: string } | { error: string } | 'loading';

const CONCURRENCY = 2;
export const THUMBNAIL_SIZE = 96;

export class ThumbnailCache {
  readonly slots = new SvelteMap<string, ThumbnailSlot>();
  private queue: string[] = [];
  private active = 0;
  private generation = 0;

  constructor(private readonly api: ApiClient) {}

  get(file: string): ThumbnailSlot | undefined {
    return this.slots.get(file);
  }

  request(file: string): void {
    if (this.slots.has(file) || this.queue.includes(file)) return;
    this.queue.push(file);
    this.pump();
  }

  /** The row left the screen before its turn: do not decode it now. */
  withdraw(file: string): void {
    const i = this.queue.indexOf(file);
    if (i >= 0) this.queue.splice(i, 1);
  }

  clear(): void {
    this.generation++;
    for (const slot of this.slots.values()) if (typeof slot === 'object' && 'url' in slot) URL.revokeObjectURL(slot.url);
    this.slots.clear();
    this.queue = [];
  }

  private pump(): void {
    while (this.active < CONCURRENCY && this.queue.length) {
      const file = this.queue.shift() as string;
      const generation = this.generation;
      this.active++;
      this.slots.set(file, 'loading');
      this.api
        .getThumbnail(file, THUMBNAIL_SIZE)
        .then(
          (t) => {
            if (generation !== this.generation) return;
            const url = URL.createObjectURL(new Blob([t.data as Uint8Array<ArrayBuffer>], { type: t.mime }));
            this.slots.set(file, { url });
          },
          (err: unknown) => {
            if (generation === this.generation) this.slots.set(file, { error: err instanceof Error ? err.message : String(err) });
          },
        )
        .finally(() => {
          this.active--;
          this.pump();
        });
    }
  }
}
