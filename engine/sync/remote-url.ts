import type { FlowbenchConfig, RemoteConfig } from '../config/config.js';
import { ErrorCode, FlowbenchError } from '../errors/flowbench-error.js';
import { assertSafeKey } from '../store/byte-storage.js';

/** A remote as the sync code uses it: its name, where it is, and how to reach it. */
export interface ResolvedRemote {
  readonly name: string;
  readonly config: RemoteConfig;
  readonly bucket: string;
  /** '' or `team/ml/` (always ending in `/`): every key of Flowbench lives under it. */
  readonly prefix: string;
}

const REMOTE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
// S3's rules for bucket names (lowercase, digits, dots, hyphens; 3-63 characters).
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Refuses a remote name that could not be a folder name under `$FLOWBENCH_HOME/sync/`. */
export function assertRemoteName(name: string): void {
  if (!REMOTE_NAME.test(name)) {
    throw new FlowbenchError(ErrorCode.badArgument, `"${name}" is not a remote name: use letters, digits, "_", "." and "-" (up to 63).`);
  }
}

/**
 * Reads `s3://bucket/prefix`. The prefix must be made of safe path segments, so no key Flowbench
 * writes can leave it.
 *
 * @example parseRemoteUrl('s3://team-bucket/ml/flowbench') // { bucket: 'team-bucket', prefix: 'ml/flowbench/' }
 */
export function parseRemoteUrl(url: string): { bucket: string; prefix: string } {
  const match = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(url);
  const bad = (why: string): never => {
    throw new FlowbenchError(ErrorCode.badArgument, `"${url}" is not a remote URL (${why}); write s3://BUCKET or s3://BUCKET/PREFIX.`);
  };
  if (!match) return bad('it must start with s3://');
  const bucket = match[1]!;
  if (!BUCKET.test(bucket) || bucket.includes('..')) bad(`"${bucket}" is not a valid bucket name`);
  const prefix = (match[2] ?? '').replace(/\/+$/, '');
  if (prefix !== '') {
    try {
      assertSafeKey(prefix);
    } catch {
      bad(`the prefix "${prefix}" may hold only letters, digits and _ . - = : + @ between slashes`);
    }
  }
  return { bucket, prefix: prefix === '' ? '' : `${prefix}/` };
}

/** The remote a command names, or the default one; one sentence when there is none. */
export function resolveRemote(settings: Pick<FlowbenchConfig, 'remotes' | 'defaultRemote'>, name?: string): ResolvedRemote {
  const chosen = name ?? settings.defaultRemote;
  if (chosen === null || chosen === undefined) {
    throw new FlowbenchError(ErrorCode.badArgument, 'No remote is configured. Add one with "flowbench remote add NAME s3://BUCKET/PREFIX".');
  }
  const config = Object.prototype.hasOwnProperty.call(settings.remotes, chosen) ? settings.remotes[chosen] : undefined;
  if (!config) {
    const names = Object.keys(settings.remotes);
    throw new FlowbenchError(ErrorCode.badArgument, `There is no remote "${chosen}".${names.length ? ` Remotes: ${names.join(', ')}.` : ' Add one with "flowbench remote add".'}`);
  }
  return { name: chosen, config, ...parseRemoteUrl(config.url) };
}

/** Every configured remote, the default first. */
export function allRemotes(settings: Pick<FlowbenchConfig, 'remotes' | 'defaultRemote'>): ResolvedRemote[] {
  const names = Object.keys(settings.remotes).sort((a, b) => Number(b === settings.defaultRemote) - Number(a === settings.defaultRemote));
  return names.map((name) => resolveRemote(settings, name));
}
