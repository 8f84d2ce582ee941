// A TCP proxy in front of a real PACS that only watches: it passes everything on and notes each
// DIMSE command the PACS sends (C-FIND-RSP, C-MOVE-RSP …), so a test can count what the node was
// asked, with nothing mocked.
import { dimseCutProxy, isPending, type DimseCommand } from './dimse-cut-proxy';

export interface WatchProxy {
  port: number;
  /** Every command the PACS sent, in order. */
  commands: DimseCommand[];
  /** Final (not pending) responses of that command field: one per request answered. */
  answered(field: number): number;
  close(): Promise<void>;
}

export async function dimseWatchProxy(target: { host: string; port: number }): Promise<WatchProxy> {
  const commands: DimseCommand[] = [];
  const proxy = await dimseCutProxy(target, (c) => {
    commands.push(c);
    return false;
  });
  return {
    port: proxy.port,
    commands,
    answered: (field) => commands.filter((c) => c.field === field && !isPending(c.status)).length,
    close: () => proxy.close(),
  };
}
