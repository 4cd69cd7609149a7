import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DockerHostConfig } from '../config/config.js';
import { localDockerTarget, remoteDockerTarget, type DockerTarget } from '../backends/docker/docker-connection.js';

/**
 * The Docker engines the tests use, as scripts/provision.sh sets them up: this machine's engine,
 * and a second engine with TLS on a loopback port standing for a remote host.
 */
export const remoteDockerDir = process.env['FLOWBENCH_REMOTE_DOCKER_DIR'] ?? '/var/lib/flowbench-remote-docker';
export const remoteDockerPort = Number(process.env['FLOWBENCH_REMOTE_DOCKER_PORT'] ?? 23760);
export const testImage = process.env['FLOWBENCH_PYTHON_IMAGE'] ?? 'flowbench-python:bookworm';

/** The remote test host's config entry; `certs: 'wrong'` uses a client certificate from another CA. */
export function remoteHostConfig(certs: 'right' | 'wrong' = 'right', port = remoteDockerPort): DockerHostConfig {
  const dir = join(remoteDockerDir, 'certs');
  const prefix = certs === 'right' ? '' : 'wrong-';
  return { protocol: 'tls', host: '127.0.0.1', port, ca: join(dir, 'ca.pem'), cert: join(dir, `${prefix}cert.pem`), key: join(dir, `${prefix}key.pem`), network: 'none' };
}

export const remoteSshPort = Number(process.env['FLOWBENCH_REMOTE_SSH_PORT'] ?? 22220);

/**
 * The SSH test host's config entry (sshd on loopback serving this machine's engine), trusting its
 * host key through the known_hosts file scripts/provision.sh remote-ssh writes.
 */
export function sshHostConfig(): Extract<DockerHostConfig, { protocol: 'ssh' }> {
  const dir = join(remoteDockerDir, 'ssh');
  return { protocol: 'ssh', host: '127.0.0.1', port: remoteSshPort, username: 'root', privateKey: join(dir, 'id_ed25519'), knownHosts: join(dir, 'known_hosts') };
}

/** Writes `config.json` with the given Docker hosts into a test store. */
export async function writeDockerHosts(home: string, hosts: { [name: string]: DockerHostConfig }): Promise<void> {
  await writeFile(join(home, 'config.json'), JSON.stringify({ dockerHosts: hosts }, null, 2));
}

/**
 * Whether a Docker engine answers and has the test image. In CI (`CI=true`) a missing engine is
 * a failure, never a skip: the suites run and fail, and "Docker in CI" (backend.case.test.ts) fails with the reason.
 */
export async function probe(target: () => DockerTarget): Promise<{ ok: boolean; reason: string }> {
  let made: DockerTarget | undefined;
  try {
    made = target();
    await made.docker.ping();
    await made.docker.getImage(testImage).inspect();
    return { ok: true, reason: '' };
  } catch (error) {
    return { ok: false, reason: `${(error as Error).message} (run "bash scripts/provision.sh docker python-image remote-docker")` };
  } finally {
    await made?.close();
  }
}

export const inCI = process.env['CI'] === 'true';

export const localDocker = await probe(localDockerTarget);
export const remoteDocker = existsSync(join(remoteDockerDir, 'certs', 'ca.pem'))
  ? await probe(() => remoteDockerTarget('loopback', remoteHostConfig()))
  : { ok: false, reason: `no test certificates in ${remoteDockerDir}/certs (run "bash scripts/provision.sh remote-docker")` };

export const sshDocker = existsSync(join(remoteDockerDir, 'ssh', 'known_hosts'))
  ? await probe(() => remoteDockerTarget('ssh', sshHostConfig()))
  : { ok: false, reason: `no test SSH host in ${remoteDockerDir}/ssh (run "bash scripts/provision.sh remote-ssh")` };

/** Skip only outside CI, and say why. */
export function skipUnless(probeResult: { ok: boolean }): boolean {
  return !probeResult.ok && !inCI;
}
