// What a door needs from the engine: the contract plus its event stream.
// (engine/index.ts createEngine returns this shape; hosts depend on the shape only.)
import type { EngineApi } from '../api/contract';
import type { EngineEvent, Unsubscribe } from '../api/events';

export type HostedEngine = EngineApi & {
  subscribe(listener: (event: EngineEvent) => void): Unsubscribe;
};
