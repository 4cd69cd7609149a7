import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import Docker from 'dockerode';
import type { DockerHostConfig } from '../../config/config.js';
import { assertNever } from '../../errors/assert-never.js';
import { ErrorCode, FlowbenchError } from '../../errors/flowbench-error.js';

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
}

function readPem(hostName: string, what: string, path: string): Buffer {
  const resolved = path.startsWith('~/') ? `${homedir()}${path.slice(1)}` : path;
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

let sshUrlWarningDropped = false;

/**
 * docker-modem spells an SSH host's request URLs as `ssh:HOST:PORT…` and parses them again, which
 * Node flags with a deprecation warning (DEP0170, "The URL … is invalid") on a person's terminal;
 * the requests themselves go through its SSH tunnel and work. That one warning, for those URLs
 * only, is dropped; every other warning is emitted as before.
 */
function dropSshUrlWarning(): void {
  if (sshUrlWarningDropped) return;
  sshUrlWarningDropped = true;
  const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const code = typeof rest[0] === 'object' && rest[0] !== null ? (rest[0] as { code?: string }).code : rest[1];
    if (code === 'DEP0170' && /^The URL ssh:/.test(String(typeof warning === 'string' ? warning : warning.message))) return;
    emitWarning(warning, ...rest);
  }) as typeof process.emitWarning;
}

/** The engine on this machine (DOCKER_HOST or /var/run/docker.sock). */
export function localDockerTarget(): DockerTarget {
  return {
    name: 'docker',
    description: 'the local Docker engine',
    hint: 'Start Docker (on this project\'s machines: "bash scripts/provision.sh docker") or run with --backend local.',
    docker: new Docker(),
    network: undefined,
  };
}

/**
 * A named host from config.json (`dockerHosts`). Certificates are read now, so a wrong path is
 * reported before anything runs.
 */
export function remoteDockerTarget(hostName: string, host: DockerHostConfig): DockerTarget {
  const base = { name: `remote:${hostName}`, network: host.network };
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
      return {
        ...base,
        description: `Docker host "${hostName}" (ssh://${host.username}@${host.host}:${port})`,
        hint: `Check that "ssh -p ${port} ${host.username}@${host.host} docker version" works with the key in dockerHosts.${hostName}.privateKey.`,
        docker: (dropSshUrlWarning(), new Docker({
          protocol: 'ssh',
          host: host.host,
          port,
          username: host.username,
          ...(host.privateKey ? { sshOptions: { privateKey: readPem(hostName, 'privateKey', host.privateKey) } } : {}),
        })),
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
