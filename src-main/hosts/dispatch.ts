// The one generic binding of the contract: both doors (IPC, web host) call this with a method
// name and raw arguments; it validates, calls the engine and answers with an envelope.
import { API_METHODS, type EngineApi } from '../api/contract';
import { AlveoError, serializeError } from '../api/errors';
import type { ApiEnvelope } from '../api/transport';
import { checkArgs } from './validate-args';

export function isApiMethod(method: unknown): method is keyof EngineApi {
  return typeof method === 'string' && Object.prototype.hasOwnProperty.call(API_METHODS, method);
}

export async function dispatch(engine: EngineApi, method: unknown, args: unknown): Promise<ApiEnvelope> {
  try {
    if (!isApiMethod(method)) {
      throw new AlveoError('BAD_ARGUMENT', `unknown method ${JSON.stringify(String(method)).slice(0, 80)}`);
    }
    if (!Array.isArray(args)) throw new AlveoError('BAD_ARGUMENT', `${method}: arguments must be a list`);
    const problem = checkArgs(method, args);
    if (problem) throw new AlveoError('BAD_ARGUMENT', problem);
    const fn = engine[method] as (...a: unknown[]) => Promise<unknown>;
    // JSON has no undefined: an optional argument left out arrives as null (JSON.stringify([undefined])
    // is [null]). No method takes null, so the engine gets the undefined its defaults expect.
    const value = await fn.apply(engine, args.map((a: unknown) => (a === null ? undefined : a)));
    return { ok: true, value: value === undefined ? null : value };
  } catch (err) {
    // An INTERNAL error is a bug (a full disk is STORAGE): its answer says only its message, so its stack
    // goes to stderr for whoever finds the line. Never the call's arguments: they name patients' files.
    const error = serializeError(err);
    if (error.code === 'INTERNAL') console.error(`alveo: unexpected error in ${isApiMethod(method) ? method : 'a call'}:`, err instanceof Error ? (err.stack ?? err.message) : String(err));
    return { ok: false, error };
  }
}
