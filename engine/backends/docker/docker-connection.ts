import { readFileSync } from 'node:fs';
import type { Agent } from 'node:http';
import { homedir } from 'node:os';
import Docker from 'dockerode';
import type { DockerHostConfig } from '../../config/config.js';
import { assertNever } from '../../errors/assert-never.js';
import { ErrorCode, FlowbenchError } from '../../errors/flowbench-error.js';
import { parseKnownHosts, type KnownHostKey } from './known-hosts.js';
import { HOST_KEY_REFUSED, SshDialer } from './ssh-dialer.js';

/** Where a Docker backend sends its containers: the engine on this machine or a named host. */
export interface DockerTarget {
  /** `docker` or `remote:NAME`: recorded on attempts and used in every message. */
  readonly name: string;
  /** What a person recognises: `the local Docker engine` or `Docker host "gpu" (tcp://…)`. */
  readonly description: string;
  /** What to check when the engine cannot be reached. */
  readonly hint: string;
  readonly docker: Docker;
  /** Container network (`none` for an engine without a bridge); undefined = the engine's default. */
  readonly network: string | undefined;
  /** Lets go of the connections to the engine (an SSH host's); the target is not used after. */
  close(): Promise<void>;
}

/** Nothing to let go of: dockerode opens a socket per request and closes it after. */
const nothingToClose = async (): Promise<void> => {};

const withHome = (path: string): string => (path.startsWith('~/') ? `${homedir()}${path.slice(1)}` : path);

function readPem(hostName: string, what: string, path: string): Buffer {
  const resolved = withHome(path);
  try {
    return readFileSync(resolved);
  } catch (error) {
    throw new FlowbenchError(
      ErrorCode.docker,
      `Docker host "${hostName}": cannot read its ${what} file ${resolved} (${(error as Error).message}). Fix "dockerHosts.${hostName}.${what}" in config.json.`,
      { cause: error },
    );
  }
}

/**
 * Where `ssh` looks for host keys when none is configured: the person's own file, then the one
 * an administrator keeps for every user of the machine.
 */
const DEFAULT_KNOWN_HOSTS = ['~/.ssh/known_hosts', '/etc/ssh/ssh_known_hosts'];

/**
 * The host keys an SSH host is checked against, and the file named in messages. The default files
 * may be missing (no host known yet: the login is then refused with what to do); a file named in
 * config.json must be readable.
 */
function readKnownHosts(hostName: string, configured: string | undefined): { path: string; keys: KnownHostKey[] } {
  const paths = configured === undefined ? DEFAULT_KNOWN_HOSTS.map(withHome) : [withHome(configured)];
  const keys: KnownHostKey[] = [];
  for (const path of paths) {
    try {
      keys.push(...parseKnownHosts(readFileSync(path, 'utf8')));
    } catch (error) {
      if (configured === undefined && (error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new FlowbenchError(
        ErrorCode.docker,
        `Docker host "${hostName}": cannot read its known hosts file ${path} (${(error as Error).message}). Fix "dockerHosts.${hostName}.knownHosts" in config.json.`,
        { cause: error },
      );
    }
  }
  return { path: paths[0]!, keys };
}

/** The engine on this machine (DOCKER_HOST or /var/run/docker.sock). */
export function localDockerTarget(): DockerTarget {
  return {
    name: 'docker',
    description: 'the local Docker engine',
    hint: 'Start Docker (on this project\'s machines: "bash scripts/provision.sh docker") or run with --backend local.',
    docker: new Docker(),
    network: undefined,
    close: nothingToClose,
  };
}

/**
 * A named host from config.json (`dockerHosts`). Certificates are read now, so a wrong path is
 * reported before anything runs.
 */
export function remoteDockerTarget(hostName: string, host: DockerHostConfig): DockerTarget {
  const base = { name: `remote:${hostName}`, network: host.network, close: nothingToClose };
  switch (host.protocol) {
    case 'tls': {
      const port = host.port ?? 2376;
      return {
        ...base,
        description: `Docker host "${hostName}" (tcp://${host.host}:${port}, TLS)`,
        hint: `Check that its engine listens there with --tlsverify and that dockerHosts.${hostName} in config.json names the CA, certificate and key it trusts.`,
        docker: new Docker({
          protocol: 'https',
          host: host.host,
          port,
          ca: readPem(hostName, 'ca', host.ca),
          cert: readPem(hostName, 'cert', host.cert),
          key: readPem(hostName, 'key', host.key),
        }),
      };
    }
    case 'ssh': {
      const port = host.port ?? 22;
      const dialer = new SshDialer({
        host: host.host,
        port,
        username: host.username,
        knownHosts: readKnownHosts(hostName, host.knownHosts),
        ...(host.privateKey
          ? { privateKey: readPem(hostName, 'privateKey', host.privateKey) }
          : process.env['SSH_AUTH_SOCK'] ? { agentSocket: process.env['SSH_AUTH_SOCK'] } : {}),
      });
      // Plain HTTP over the dialer's channels (one shared SSH login), not docker-modem's own SSH
      // transport, which logs in again for every API call. host and port only name the engine
      // in the requests (Host header); the agent decides where they go. dockerode hands all its
      // options to docker-modem, which honours `agent`; dockerode's types do not list it.
      const overDialer: Docker.DockerOptions & { agent: Agent } = { protocol: 'http', host: host.host, port, agent: dialer.agent() };
      return {
        ...base,
        description: `Docker host "${hostName}" (ssh://${host.username}@${host.host}:${port})`,
        hint: `Check that "ssh -p ${port} ${host.username}@${host.host} docker version" works with the key in dockerHosts.${hostName}.privateKey.`,
        docker: new Docker(overDialer),
        close: () => dialer.close(),
      };
    }
    case 'socket':
      return {
        ...base,
        description: `Docker host "${hostName}" (unix://${host.socketPath})`,
        hint: `Check that a Docker engine listens on ${host.socketPath}.`,
        docker: new Docker({ socketPath: host.socketPath }),
      };
    default:
      return assertNever(host, 'docker host protocol');
  }
}

/** Turns a connection failure into a sentence naming the host and what to do. */
export function describeConnectionError(target: DockerTarget, error: unknown): string {
  const text = (error as Error).message ?? String(error);
  const code = (error as { code?: string }).code ?? '';
  // Its message says what was refused and what to do (ssh-dialer.ts).
  if (code === HOST_KEY_REFUSED) return `${target.description} ${text}.`;
  let what: string;
  if (/authentication methods failed|permission denied \(publickey/i.test(text)) {
    what = `refused the SSH login (${text})`;
  } else if (/certificate|self.signed|unable to verify|bad certificate|alert|handshake|ssl|tls/i.test(`${text} ${code}`)) {
    what = `refused the TLS handshake (${text}): the certificate is not one the host trusts, or the host's is not signed by the configured CA`;
  } else if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|ENOENT|EAI_AGAIN|socket hang up|ECONNRESET/i.test(`${text} ${code}`)) {
    what = `cannot be reached (${code || text})`;
  } else {
    what = `failed: ${text}`;
  }
  return `${target.description} ${what}. ${target.hint}`;
}
