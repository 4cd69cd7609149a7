/** known_hosts read as OpenSSH reads it: names, ports, wildcards, negation, hashed names, markers. */
import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { knownHostName, knownKeyTypes, parseKnownHosts, verifyHostKey } from './known-hosts.js';

const keyA = Buffer.from('host key A');
const keyB = Buffer.from('host key B');
const b64 = (key: Buffer): string => key.toString('base64');

/** A name as `ssh-keygen -H` writes it. */
function hashed(name: string): string {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

describe('known_hosts', () => {
  it('names a host by itself on port 22 and as [host]:port elsewhere', () => {
    expect(knownHostName('lab.example', 22)).toBe('lab.example');
    expect(knownHostName('10.0.0.5', 2222)).toBe('[10.0.0.5]:2222');
  });

  it('trusts the recorded key, calls another key for the same host changed, and a host it lacks unknown', () => {
    const keys = parseKnownHosts(`# comment\n\nlab.example,10.0.0.5 ssh-ed25519 ${b64(keyA)} alice@laptop\n`);
    expect(verifyHostKey(keys, 'lab.example', keyA)).toBe('trusted');
    expect(verifyHostKey(keys, '10.0.0.5', keyA)).toBe('trusted');
    expect(verifyHostKey(keys, 'lab.example', keyB)).toBe('changed');
    expect(verifyHostKey(keys, 'other.example', keyA)).toBe('unknown');
    // Port 22's entry says nothing of another port.
    expect(verifyHostKey(keys, '[lab.example]:2222', keyA)).toBe('unknown');
  });

  it('matches [host]:port entries, hashed names, and wildcards unless a negated pattern rules the line out', () => {
    const keys = parseKnownHosts(
      [
        `[127.0.0.1]:22220 ssh-ed25519 ${b64(keyA)}`,
        `${hashed('secret.example')} ecdsa-sha2-nistp256 ${b64(keyA)}`,
        `*.lab.example,!gate.lab.example ssh-rsa ${b64(keyB)}`,
      ].join('\n'),
    );
    expect(verifyHostKey(keys, '[127.0.0.1]:22220', keyA)).toBe('trusted');
    expect(verifyHostKey(keys, 'secret.example', keyA)).toBe('trusted');
    expect(verifyHostKey(keys, 'notsecret.example', keyA)).toBe('unknown');
    expect(verifyHostKey(keys, 'gpu1.lab.example', keyB)).toBe('trusted');
    expect(verifyHostKey(keys, 'gate.lab.example', keyB)).toBe('unknown');
    expect(knownKeyTypes(keys, 'secret.example')).toEqual(['ecdsa-sha2-nistp256']);
    expect(knownKeyTypes(keys, 'gpu1.lab.example')).toEqual(['ssh-rsa']);
    expect(knownKeyTypes(keys, 'gate.lab.example')).toEqual([]);
  });

  it('refuses a key marked @revoked even beside a line that trusts it, and skips @cert-authority lines', () => {
    const keys = parseKnownHosts(
      [`lab.example ssh-ed25519 ${b64(keyA)}`, `@revoked * ssh-ed25519 ${b64(keyA)}`, `@cert-authority *.example ssh-ed25519 ${b64(keyB)}`].join('\n'),
    );
    expect(verifyHostKey(keys, 'lab.example', keyA)).toBe('revoked');
    expect(verifyHostKey(keys, 'ca.example', keyB)).toBe('unknown');
    expect(knownKeyTypes(keys, 'lab.example')).toEqual(['ssh-ed25519']);
  });
});
