import { Agent, type ClientRequestArgs } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { Client } from 'ssh2';
import { knownHostName, knownKeyTypes, verifyHostKey, type HostKeyVerdict, type KnownHostKey } from './known-hosts.js';

/** Where the dialer logs in, and with what. */
export interface SshLogin {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  /** A private key (PEM). */
  readonly privateKey?: Buffer;
  /** An SSH agent's socket (`SSH_AUTH_SOCK`), asked for keys. */
  readonly agentSocket?: string;
  /** The host keys to trust (an OpenSSH known_hosts file) and where they were read, for messages. */
  readonly knownHosts: { readonly path: string; readonly keys: readonly KnownHostKey[] };
}

/** The `code` of a HostKeyError. */
export const HOST_KEY_REFUSED = 'FLOWBENCH_SSH_HOST_KEY';

/**
 * The host's key is not one known_hosts trusts: the login stops before any credential is sent,
 * as `ssh` does with StrictHostKeyChecking. `code` survives docker-modem's handling of the error.
 */
export class HostKeyError extends Error {
  readonly code = HOST_KEY_REFUSED;
}

/** ssh2's names for the host key algorithms a known_hosts key type allows (an RSA key signs three ways). */
const HOST_KEY_ALGORITHMS: { readonly [type: string]: readonly string[] } = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
};

/**
 * Channels per SSH connection. sshd allows `MaxSessions` (default 10) per connection; staying
 * under it leaves room for a person's own `ssh` multiplexed on a ControlMaster.
 */
export const channelsPerConnection = 8;

/**
 * Channels the http agent keeps open between requests. Each new channel costs a command started by
 * the remote user's shell (its start-up files included; 0.7 s on the test host), a kept one a
 * round trip; a burst of concurrent calls leaves at most this many behind.
 */
export const idleChannelsKept = 4;

/** The command each channel runs: the remote docker CLI relays the engine's API on its stdio. */
const dialStdio = 'docker system dial-stdio';

interface SshConnection {
  readonly client: Client;
  /** Ours, not ssh2's, so it can be let go of (`unref`) while no channel is open. */
  readonly socket: Socket;
  /** Settles once: logged in, or the original error (refused login, ECONNREFUSED, …). */
  readonly ready: Promise<void>;
  /** Resolves when the TCP connection is gone. */
  readonly gone: Promise<void>;
  loggedIn: boolean;
  /** Channels open or being opened. */
  channels: number;
  /** Of those, the ones an http agent keeps for a later request: they do not keep the process alive. */
  parked: number;
  /** How many it may hold: the cap, or fewer once the server refused a channel before the cap. */
  limit: number;
}

/**
 * Hands out duplex streams to a Docker engine behind SSH: each an exec channel running
 * `docker system dial-stdio`, on an SSH connection shared with other channels (dockerode's own
 * SSH transport logs in again for every API call, ~1.5 s each).
 *
 * Invariants: a connection holds at most `limit` channels, and a dial never waits for another
 * channel to close — when every connection is full it opens one more, because a channel may be
 * a container's attached stream held for a whole run. A connection that fails or ends is
 * forgotten, so the next dial logs in again. A connection whose channels are all idle (kept by
 * the agent for a later request) or closed does not keep the process alive.
 *
 * @example
 *   const knownHosts = { path, keys: parseKnownHosts(readFileSync(path, 'utf8')) };
 *   const dialer = new SshDialer({ host: 'lab', port: 22, username: 'alice', privateKey, knownHosts });
 *   const docker = new Docker({ protocol: 'http', host: 'lab', port: 22, agent: dialer.agent() });
 *   await docker.version();
 *   await dialer.close();
 */
export class SshDialer {
  private readonly connections = new Set<SshConnection>();
  private closed = false;

  constructor(
    private readonly login: SshLogin,
    private readonly cap = channelsPerConnection,
  ) {}

  /** SSH connections open or logging in. */
  get connectionCount(): number {
    return this.connections.size;
  }

  /** A new channel to the remote engine; rejects with the connection's own error when it fails. */
  async dial(): Promise<Duplex> {
    if (this.closed) throw new Error(`the SSH connection to ${this.login.host}:${this.login.port} was closed`);
    // 1. Take a slot now, before any await, so that concurrent first dials share one login.
    const connection = [...this.connections].find((c) => c.channels < c.limit) ?? this.open();
    connection.channels += 1;
    holdProcess(connection);
    try {
      // 2. Log in (once per connection), 3. open the channel.
      await connection.ready;
      return await this.exec(connection);
    } catch (error) {
      this.release(connection);
      // A server whose MaxSessions is below the cap refuses a channel while others are open:
      // this connection is full at what it holds, and the dial goes to another.
      if (isChannelRefused(error) && connection.channels > 0) {
        connection.limit = connection.channels;
        return this.dial();
      }
      throw error;
    }
  }

  /** An agent for Node's http client: requests take turns on kept channels, new ones when all are busy. */
  agent(): Agent {
    return new DialingAgent(this);
  }

  /** Ends every connection (and with them every channel) and waits until they are gone. */
  async close(): Promise<void> {
    this.closed = true;
    const connections = [...this.connections];
    this.connections.clear();
    for (const connection of connections) {
      // Whoever awaits close() waits for the sockets to go, even when no channel holds them.
      connection.socket.ref();
      // Before the login there is no session to end politely.
      if (connection.loggedIn) connection.client.end();
      else connection.socket.destroy();
    }
    await Promise.all(connections.map((connection) => connection.gone));
  }

  private open(): SshConnection {
    const socket = connect({ host: this.login.host, port: this.login.port });
    const client = new Client();
    let refusedKey: HostKeyError | null = null;
    const connection: SshConnection = {
      client,
      socket,
      ready: new Promise<void>((resolve, reject) => {
        client.once('ready', resolve);
        client.once('error', (error) => reject(refusedKey ?? error));
        client.once('close', () => reject(new Error(`the SSH connection to ${this.login.host}:${this.login.port} closed before the login`)));
      }),
      gone: new Promise<void>((resolve) => socket.once('close', () => resolve())),
      loggedIn: false,
      channels: 0,
      parked: 0,
      limit: this.cap,
    };
    void connection.ready.then(() => (connection.loggedIn = true), () => undefined);
    // After the login an error (the host went away) ends the connection: its channels close
    // with it, and the next dial opens another.
    client.on('error', () => this.forget(connection));
    client.on('close', () => this.forget(connection));
    const name = knownHostName(this.login.host, this.login.port);
    const { path, keys } = this.login.knownHosts;
    // Asked for a key of a type known_hosts has for this host, the server presents that one.
    const algorithms = knownKeyTypes(keys, name).flatMap((type) => HOST_KEY_ALGORITHMS[type] ?? []);
    client.connect({
      sock: socket,
      ...(algorithms.length > 0 ? { algorithms: { serverHostKey: algorithms as never[] } } : {}),
      hostVerifier: (key: Buffer): boolean => {
        const verdict = verifyHostKey(keys, name, key);
        if (verdict !== 'trusted') refusedKey = hostKeyError(verdict, name, this.login, path);
        return verdict === 'trusted';
      },
      username: this.login.username,
      ...(this.login.privateKey ? { privateKey: this.login.privateKey } : {}),
      ...(this.login.agentSocket ? { agent: this.login.agentSocket } : {}),
    });
    this.connections.add(connection);
    return connection;
  }

  private exec(connection: SshConnection): Promise<Duplex> {
    return new Promise((resolve, reject) => {
      connection.client.exec(dialStdio, (error, channel) => {
        if (error) {
          reject(error);
          return;
        }
        // Node's http agent lets go of a socket it keeps for the next request with unref() and
        // takes it back with ref(); for a channel that decides whether its connection keeps the
        // process alive.
        let parked = false;
        const setParked = (park: boolean) => {
          if (park === parked) return;
          parked = park;
          connection.parked += park ? 1 : -1;
          holdProcess(connection);
        };
        channel.once('close', () => {
          setParked(false);
          this.release(connection);
        });
        // What the remote docker CLI says on stderr is not read; unread, it would stop the
        // channel once its window is full.
        channel.stderr.resume();
        resolve(Object.assign(channel, { ref: () => setParked(false), unref: () => setParked(true) }));
      });
    });
  }

  private release(connection: SshConnection): void {
    connection.channels -= 1;
    holdProcess(connection);
  }

  private forget(connection: SshConnection): void {
    this.connections.delete(connection);
    connection.socket.destroy();
  }
}

/** What was refused, and what a person does about it (as `ssh` would have them do). */
function hostKeyError(verdict: Exclude<HostKeyVerdict, 'trusted'>, name: string, login: SshLogin, path: string): HostKeyError {
  const connectOnce = `"ssh -p ${login.port} ${login.username}@${login.host}"`;
  switch (verdict) {
    case 'unknown':
      return new HostKeyError(`is not a known SSH host: ${path} has no key for ${name}. Check the host's key fingerprint with whoever runs it, then connect once with ${connectOnce} and accept it`);
    case 'changed':
      return new HostKeyError(
        `presented an SSH host key that does not match the one for ${name} in ${path}: the host was reinstalled, or something is in between. If its administrator confirms a new key, remove the old one with "ssh-keygen -f ${path} -R '${name}'" and connect once with ${connectOnce}`,
      );
    case 'revoked':
      return new HostKeyError(`presented an SSH host key marked @revoked in ${path}; nothing is sent to it`);
  }
}

/** A connection keeps the process alive while a channel on it is in use (not parked). */
function holdProcess(connection: SshConnection): void {
  if (connection.channels > connection.parked) connection.socket.ref();
  else connection.socket.unref();
}

function isChannelRefused(error: unknown): boolean {
  return /^\(SSH\) Channel open failure/.test((error as Error).message ?? '');
}

/**
 * Node's http client on a dialer's channels: a request takes a kept channel, or a new one, and
 * gives it back for the next request when its response has ended (an upgraded, hijacked stream
 * stays with whoever took it over). A channel is a Duplex but not a net.Socket; of the socket
 * methods the agent calls it has ref() and unref() (see SshDialer.exec). keepSocketAlive is
 * Node's without setKeepAlive and setTimeout: TCP keep-alive is the SSH connection's, and no
 * request timeout is set (the Docker targets give dockerode no `timeout`). A kept channel that
 * the remote closes emits 'close', and the agent drops it.
 */
class DialingAgent extends Agent {
  constructor(private readonly dialer: SshDialer) {
    super({ keepAlive: true, maxFreeSockets: idleChannelsKept });
  }

  override createConnection(_options: ClientRequestArgs, callback?: (error: Error | null, stream: Duplex) => void): undefined {
    this.dialer.dial().then(
      (stream) => callback?.(null, stream),
      (error: Error) => callback?.(error, undefined as unknown as Duplex),
    );
    return undefined;
  }

  override keepSocketAlive(socket: Duplex & { unref(): void }): boolean {
    socket.unref();
    return true;
  }
}
