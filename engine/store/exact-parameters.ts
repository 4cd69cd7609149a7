import { parseExactJson } from '../util/exact-json.js';
import type { ByteStorage } from './byte-storage.js';

/** Parameter values keyed by name, numbers exact (`ExactNumber` where a JS number would round). */
export type ExactParameters = { readonly [name: string]: unknown };

/**
 * A run's parameters with every number as written in its record. `RunStore` reads records with
 * `JSON.parse`, which turns an integer beyond ±2^53 (a parameter of `2**60 + 1`) into the nearest
 * double; such a double is never a safe integer, so only a run holding one has its `run.json`
 * (at `key`) read again, with `parseExactJson` — the rest cost nothing more.
 */
export async function exactParameters(storage: ByteStorage, key: string, parameters: ExactParameters): Promise<ExactParameters> {
  if (!hasRoundedInteger(parameters)) return parameters;
  const bytes = await storage.get(key);
  if (bytes === null) return parameters;
  const record = parseExactJson(Buffer.from(bytes).toString('utf8')) as { parameters?: ExactParameters };
  return record.parameters ?? parameters;
}

function hasRoundedInteger(value: unknown): boolean {
  if (typeof value === 'number') return Number.isInteger(value) && !Number.isSafeInteger(value);
  if (Array.isArray(value)) return value.some(hasRoundedInteger);
  if (value !== null && typeof value === 'object') return Object.values(value).some(hasRoundedInteger);
  return false;
}
