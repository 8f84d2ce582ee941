// What a door needs from the engine: the contract plus its event stream.
// (engine/index.ts createEngine returns this shape; hosts depend on the shape only.)
import type { EngineApi } from '../api/contract';
import type { EngineEvent, EngineNotice, Unsubscribe } from '../api/events';

export type HostedEngine = EngineApi & {
  subscribe(listener: (event: EngineEvent) => void): Unsubscribe;
  /** Notices beside the jobs (an audit line not written), forwarded on the same channel. */
  onNotice?(listener: (notice: EngineNotice) => void): Unsubscribe;
};
