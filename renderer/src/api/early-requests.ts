/**
 * Reads the first screen needs, sent before the code that needs them has loaded (issue 11). The
 * page's entry (main.tsx) is small: it opens the connection and asks for the flow document while
 * the app's chunk downloads and compiles; the store that asks for the same thing later adopts the
 * answer already on its way instead of asking again. Only reads go early (an edit must be asked
 * for once, by the code that makes it).
 */
import { getClient } from './client.js';
import type { ArgsOf, Method, ResultOf } from './contract-types.js';

/** The reads that may be sent early. */
type EarlyMethod = Extract<Method, 'flows.open' | 'runs.list'>;

const inFlight = new Map<string, Promise<unknown>>();
const keyOf = (method: string, args: unknown): string => `${method} ${JSON.stringify(args)}`;

/** Sends `method(args)` now; the first identical `requestOrAdopt` gets its answer. */
export function sendEarly<M extends EarlyMethod>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>> {
  const answer = getClient().request(method, args);
  inFlight.set(keyOf(method, args), answer);
  // A failure is reported by whoever adopts it; unadopted, it must not be an unhandled rejection.
  answer.catch(() => undefined);
  return answer;
}

/** The answer of an identical early request (once), or a new request. */
export function requestOrAdopt<M extends EarlyMethod>(method: M, args: ArgsOf<M>): Promise<ResultOf<M>> {
  const key = keyOf(method, args);
  const early = inFlight.get(key) as Promise<ResultOf<M>> | undefined;
  if (early === undefined) return getClient().request(method, args);
  inFlight.delete(key);
  return early;
}
