/**
 * The SSH dialer against a real sshd (scripts/provision.sh remote-ssh, serving this machine's
 * engine): API calls share one login, held channels past the cap open a second connection, and
 * close() leaves none. Connections are counted as the kernel sees them (`ss`), not only as the
 * dialer says.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import Docker from 'dockerode';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { remoteDockerDir, remoteSshPort, skipUnless, sshDocker, sshHostConfig } from '../../testing/docker-targets.js';
import { describeConnectionError, localDockerTarget, remoteDockerTarget, type DockerTarget } from './docker-connection.js';
import { parseKnownHosts } from './known-hosts.js';
import { channelsPerConnection, SshDialer } from './ssh-dialer.js';

/** Established TCP connections from this process to the test sshd. */
function sshConnections(): number {
  const lines = execFileSync('ss', ['-tnpH', 'state', 'established', `( dport = :${remoteSshPort} )`], { encoding: 'utf8' });
  return lines.split('\n').filter((line) => line.includes(`pid=${process.pid},`)).length;
}

const sshDir = join(remoteDockerDir, 'ssh');
const knownHosts = join(sshDir, 'known_hosts');
const login = () => ({
  host: '127.0.0.1',
  port: remoteSshPort,
  username: 'root',
  privateKey: readFileSync(join(sshDir, 'id_ed25519')),
  knownHosts: { path: knownHosts, keys: parseKnownHosts(readFileSync(knownHosts, 'utf8')) },
});

/** Sends a keep-alive request on a raw channel and resolves with the response's status line; the channel stays open. */
function ping(channel: Duplex): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (text.includes('\r\n\r\n')) {
        channel.off('data', onData);
        resolve(text.split('\r\n')[0]!);
      }
    };
    channel.on('data', onData).once('error', reject);
    channel.write('GET /_ping HTTP/1.1\r\nHost: docker\r\n\r\n');
  });
}

describe.skipIf(skipUnless(sshDocker))(`the SSH dialer${skipUnless(sshDocker) ? ` (skipped: ${sshDocker.reason})` : ''}`, () => {
  const made: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((thing) => thing.close()));
  });
  const target = (config = sshHostConfig()): DockerTarget => {
    const t = remoteDockerTarget('tunnel', config);
    made.push(t);
    return t;
  };

  it('answers sequential Docker API calls over one SSH connection, and close() ends it', async () => {
    const t = target();
    const { docker } = t;
    const expected = await localDockerTarget().docker.version(); // the sshd serves this machine's engine
    expect((await docker.version()).Version).toBe(expected.Version);
    expect(String(await docker.ping())).toBe('OK');
    expect((await docker.info()).ID).toBeTruthy();
    expect(Array.isArray(await docker.listContainers())).toBe(true);
    expect((await docker.version()).ApiVersion).toBe(expected.ApiVersion);
    expect(sshConnections()).toBe(1);
    await t.close();
    expect(sshConnections()).toBe(0);
  }, 60_000);

  it('concurrent first calls share one login', async () => {
    const { docker } = target();
    const answers = await Promise.all([docker.version(), docker.version(), docker.ping()]);
    expect(answers).toHaveLength(3);
    expect(sshConnections()).toBe(1);
  }, 60_000);

  it('sequential requests through its agent take turns on one kept channel', async () => {
    const dialer = new SshDialer(login());
    made.push(dialer);
    const dial = vi.spyOn(dialer, 'dial');
    const options: Docker.DockerOptions & { agent: unknown } = { protocol: 'http', host: '127.0.0.1', port: remoteSshPort, agent: dialer.agent() };
    const docker = new Docker(options);
    for (let i = 0; i < 4; i += 1) expect(String(await docker.ping())).toBe('OK');
    expect((await docker.version()).ApiVersion).toBeTruthy();
    expect(dial).toHaveBeenCalledTimes(1);
  }, 60_000);

  it('opens a second connection when every channel of the first is held, and all of them work', async () => {
    const dialer = new SshDialer(login());
    made.push(dialer);
    const held = await Promise.all(Array.from({ length: channelsPerConnection + 1 }, () => dialer.dial()));
    expect(await Promise.all(held.map(ping))).toEqual(held.map(() => 'HTTP/1.1 200 OK'));
    expect(dialer.connectionCount).toBe(2);
    expect(sshConnections()).toBe(2);
    // A channel given back makes room on its connection: the next dial opens no third one.
    held[0]!.end();
    await new Promise((resolve) => held[0]!.once('close', resolve));
    expect(await ping(await dialer.dial())).toBe('HTTP/1.1 200 OK');
    expect(sshConnections()).toBe(2);
    await dialer.close();
    expect(dialer.connectionCount).toBe(0);
    expect(sshConnections()).toBe(0);
  }, 60_000);

  it('a refused login reaches the caller as the SSH error, and the failed connection is forgotten', async () => {
    // The sshd's host key is a valid key that is not authorized to log in.
    const t = target({ ...sshHostConfig(), privateKey: join(sshDir, 'host_ed25519') });
    const error = await t.docker.ping().then(() => null, (e: unknown) => e);
    expect(describeConnectionError(t, error)).toMatch(/^Docker host "tunnel" \(ssh:\/\/root@127\.0\.0\.1:\d+\) refused the SSH login \(All configured authentication methods failed\)\. Check that "ssh -p/);
    expect(sshConnections()).toBe(0);
  }, 60_000);

  it('a host whose key known_hosts lacks is refused before any credential is sent, saying what to do', async () => {
    const home = await mkdtemp(join(tmpdir(), 'flowbench-known-hosts-'));
    const empty = join(home, 'known_hosts');
    await writeFile(empty, '# no host yet\n');
    const t = target({ ...sshHostConfig(), knownHosts: empty });
    const error = await t.docker.ping().then(() => null, (e: unknown) => e);
    expect(describeConnectionError(t, error)).toBe(
      `Docker host "tunnel" (ssh://root@127.0.0.1:${remoteSshPort}) is not a known SSH host: ${empty} has no key for [127.0.0.1]:${remoteSshPort}. ` +
        `Check the host's key fingerprint with whoever runs it, then connect once with "ssh -p ${remoteSshPort} root@127.0.0.1" and accept it.`,
    );
    expect(sshConnections()).toBe(0);
  }, 60_000);

  it("without knownHosts in its config, the host's key is looked up in the person's ~/.ssh/known_hosts", async () => {
    const home = await mkdtemp(join(tmpdir(), 'flowbench-home-'));
    const { knownHosts: _configured, ...withoutKnownHosts } = sshHostConfig();
    const before = process.env['HOME'];
    process.env['HOME'] = home; // os.homedir() follows it
    try {
      const unknown = target(withoutKnownHosts);
      const refused = await unknown.docker.ping().then(() => null, (e: unknown) => e);
      expect(describeConnectionError(unknown, refused)).toContain(`is not a known SSH host: ${join(home, '.ssh', 'known_hosts')} has no key for`);
      await mkdir(join(home, '.ssh'));
      await copyFile(knownHosts, join(home, '.ssh', 'known_hosts'));
      expect(String(await target(withoutKnownHosts).docker.ping())).toBe('OK');
    } finally {
      process.env['HOME'] = before;
    }
  }, 60_000);

  it('a host whose key changed is refused, naming the file and how to replace the key', async () => {
    const home = await mkdtemp(join(tmpdir(), 'flowbench-known-hosts-'));
    const changed = join(home, 'known_hosts');
    // Another valid ed25519 key (the client's own) recorded for the host: as after a reinstall.
    const otherKey = (await readFile(join(sshDir, 'id_ed25519.pub'), 'utf8')).split(' ').slice(0, 2).join(' ');
    await writeFile(changed, `[127.0.0.1]:${remoteSshPort} ${otherKey}\n`);
    const t = target({ ...sshHostConfig(), knownHosts: changed });
    const error = await t.docker.ping().then(() => null, (e: unknown) => e);
    expect(describeConnectionError(t, error)).toMatch(
      new RegExp(`presented an SSH host key that does not match the one for \\[127\\.0\\.0\\.1\\]:${remoteSshPort} in ${changed}: .*ssh-keygen -f ${changed} -R`),
    );
  }, 60_000);

  it('a known_hosts file named in config.json that cannot be read is refused when the target is made', () => {
    expect(() => remoteDockerTarget('tunnel', { ...sshHostConfig(), knownHosts: '/nonexistent/known_hosts' })).toThrow(
      /Docker host "tunnel": cannot read its known hosts file \/nonexistent\/known_hosts .*Fix "dockerHosts\.tunnel\.knownHosts" in config\.json\./,
    );
  });

  it('an unreachable port reaches the caller as ECONNREFUSED', async () => {
    const t = target({ protocol: 'ssh', host: '127.0.0.1', port: 1, username: 'root', privateKey: join(remoteDockerDir, 'ssh', 'id_ed25519') });
    const error = await t.docker.ping().then(() => null, (e: unknown) => e);
    expect(describeConnectionError(t, error)).toMatch(/^Docker host "tunnel" \(ssh:\/\/root@127\.0\.0\.1:1\) cannot be reached \(ECONNREFUSED\)\. /);
  });
});
