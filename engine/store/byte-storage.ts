/**
 * The smallest storage the store needs: immutable objects under `/`-separated keys. A local
 * folder and an S3 prefix both implement it, so records and blobs sync as plain objects.
 *
 * Invariants: a `put` is atomic (a reader sees the whole object or none); keys never contain
 * `..`, a leading `/` or a backslash (see `assertSafeKey`).
 */
export interface ByteStorage {
  has(key: string): Promise<boolean>;
  /** The object's bytes, or null when there is none. */
  get(key: string): Promise<Uint8Array | null>;
  /**
   * Writes an object. With `ifAbsent`, an existing object is left as it is and `false` returned
   * (used for records that must be written exactly once).
   */
  put(key: string, bytes: Uint8Array, options?: { ifAbsent?: boolean }): Promise<boolean>;
  /** Keys starting with `prefix`, in lexicographic order. */
  list(prefix: string): Promise<string[]>;
  /**
   * The names one level below a folder-like prefix ending in `/` (S3: a listing with delimiter
   * `/`), sorted: `children('runs/')` is the flows, without reading every run's files.
   */
  children(prefix: string): Promise<string[]>;
}

const SAFE_SEGMENT = /^[A-Za-z0-9_.\-=:+@]+$/;

/** Refuses keys that could escape the storage root (from a user, a flow name or S3). */
export function assertSafeKey(key: string): void {
  const segments = key.split('/');
  for (const segment of segments) {
    if (!SAFE_SEGMENT.test(segment) || segment === '.' || segment === '..') {
      throw new Error(`Unsafe storage key ${JSON.stringify(key)}: segment ${JSON.stringify(segment)} is not allowed.`);
    }
  }
}
