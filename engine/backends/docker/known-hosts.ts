import { createHmac } from 'node:crypto';

/**
 * An OpenSSH `known_hosts` file, read as `ssh` reads it (sshd(8), "SSH_KNOWN_HOSTS FILE FORMAT"):
 * one key per line, `[marker] patterns keytype base64-key [comment]`. Patterns are comma-separated
 * host names with `*` and `?` wildcards and `!` negation, `[host]:port` for a port other than 22,
 * or a hashed name (`|1|salt|hmac`, as `HashKnownHosts` writes them). `@revoked` marks a key
 * never to accept; `@cert-authority` lines (host certificates) are not supported and are skipped.
 */
export interface KnownHostKey {
  readonly revoked: boolean;
  readonly patterns: readonly string[];
  /** The key's algorithm, e.g. `ssh-ed25519`. */
  readonly type: string;
  /** The public key blob, base64 as in the file. */
  readonly key: string;
}

/** What a known_hosts file says of the key a host presented. */
export type HostKeyVerdict = 'trusted' | 'unknown' | 'changed' | 'revoked';

export function parseKnownHosts(text: string): KnownHostKey[] {
  const keys: KnownHostKey[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    const marker = fields[0]!.startsWith('@') ? fields.shift()! : null;
    if (marker === '@cert-authority' || fields.length < 3) continue;
    keys.push({ revoked: marker === '@revoked', patterns: fields[0]!.split(','), type: fields[1]!, key: fields[2]! });
  }
  return keys;
}

/** The name a host is known by: `host`, or `[host]:port` off port 22. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** The key types the file knows for this host, so the login can ask the server for one of those. */
export function knownKeyTypes(keys: readonly KnownHostKey[], name: string): string[] {
  return [...new Set(keys.filter((entry) => !entry.revoked && matchesHost(entry.patterns, name)).map((entry) => entry.type))];
}

/** `key` is the host key blob the server presented, as ssh2's `hostVerifier` hands it over. */
export function verifyHostKey(keys: readonly KnownHostKey[], name: string, key: Buffer): HostKeyVerdict {
  const presented = key.toString('base64');
  const forHost = keys.filter((entry) => matchesHost(entry.patterns, name));
  if (forHost.some((entry) => entry.revoked && entry.key === presented)) return 'revoked';
  const accepted = forHost.filter((entry) => !entry.revoked);
  if (accepted.some((entry) => entry.key === presented)) return 'trusted';
  return accepted.length === 0 ? 'unknown' : 'changed';
}

/** A negated pattern that matches rules the line out; otherwise any matching pattern lets it in. */
function matchesHost(patterns: readonly string[], name: string): boolean {
  let matched = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (!matchesPattern(negated ? pattern.slice(1) : pattern, name)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

function matchesPattern(pattern: string, name: string): boolean {
  if (pattern.startsWith('|1|')) {
    const [salt, hash] = pattern.slice(3).split('|');
    if (salt === undefined || hash === undefined) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  const glob = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${glob}$`, 'i').test(name);
}
