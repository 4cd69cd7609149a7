import { nodeCrypto } from '../util/crypto-on-use.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A globally unique, time-sortable run id (ULID layout: 10 characters of milliseconds and 16
 * of randomness, Crockford base32). Runs from many people meet in one S3 namespace, so ids must
 * never collide, and sorting them as strings sorts them by start time.
 *
 * @example newRunId() // "01JDZ3K8Q5T9X2ABCDEFGHJKMN"
 */
export function newRunId(now: number = Date.now()): string {
  let time = '';
  let rest = now;
  for (let i = 0; i < 10; i += 1) {
    time = CROCKFORD[rest % 32]! + time;
    rest = Math.floor(rest / 32);
  }
  const random = nodeCrypto().randomBytes(16);
  let tail = '';
  for (let i = 0; i < 16; i += 1) tail += CROCKFORD[random[i]! % 32]!;
  return time + tail;
}

export function isRunId(value: string): boolean {
  return /^[0-9A-HJKMNP-TV-Z]{26}$/.test(value);
}

/**
 * The start time a run id encodes (milliseconds since the epoch), or null for an id that is not
 * a ULID (ids written by hand, older layouts).
 *
 * @example runIdTime(newRunId(1700000000000)) // 1700000000000
 */
export function runIdTime(runId: string): number | null {
  return isRunId(runId) ? ulidTime(runId) : null;
}

/**
 * The milliseconds a ULID was made at, read from its first 10 characters (so a key that starts
 * with one, `01J….json`, reads too); 0 for text that does not start with one.
 */
export function ulidTime(id: string): number {
  let time = 0;
  for (const char of id.slice(0, 10)) {
    const digit = CROCKFORD.indexOf(char);
    if (digit < 0) return 0;
    time = time * 32 + digit;
  }
  return id.length >= 10 ? time : 0;
}
