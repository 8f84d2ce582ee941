// Events that come from the host (the Electron shell), not from the engine.
export interface HostOpenFiles {
  type: 'host:open-files';
  /** Paths chosen from the menu, the recent list, or passed on the command line. */
  files: string[];
}
export interface HostCommand {
  type: 'host:command';
  command: 'fit' | 'actual-size' | 'invert' | 'reset' | 'help' | 'toggle-overlay';
}
export type HostEvent = HostOpenFiles | HostCommand;
