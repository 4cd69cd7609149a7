import { execFile } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A second machine on a network, for tests that must show something is unreachable from one: a
 * Linux network namespace joined to this one by a veth pair, this side at `hostAddress`, the
 * namespace at `peerAddress` (a random /30 in 10.200–254.x.x, so concurrent tests do not meet).
 * Needs root and iproute2; `create` says why not otherwise, so a test can be skipped with the
 * reason instead of passing without proving anything.
 */
export interface PeerNamespace {
  readonly hostAddress: string;
  readonly peerAddress: string;
  /** Runs a command inside the namespace (as the other machine). */
  exec(command: string, args: readonly string[]): Promise<string>;
  remove(): Promise<void>;
}

export async function createPeerNamespace(): Promise<PeerNamespace | { unavailable: string }> {
  if (process.platform !== 'linux') return { unavailable: 'network namespaces are Linux only' };
  if (process.getuid?.() !== 0) return { unavailable: 'making a network namespace needs root' };
  const id = `${process.pid % 10000}${randomInt(1000)}`;
  const ns = `fbt${id}`;
  const hostSide = `fbh${id}`;
  const peerSide = `fbp${id}`;
  const [a, b] = [randomInt(200, 255), randomInt(0, 64) * 4];
  const hostAddress = `10.${a}.${b}.1`;
  const peerAddress = `10.${a}.${b}.2`;
  const steps: string[][] = [
    ['netns', 'add', ns],
    ['link', 'add', hostSide, 'type', 'veth', 'peer', 'name', peerSide],
    ['link', 'set', peerSide, 'netns', ns],
    ['addr', 'add', `${hostAddress}/30`, 'dev', hostSide],
    ['link', 'set', hostSide, 'up'],
    ['netns', 'exec', ns, 'ip', 'addr', 'add', `${peerAddress}/30`, 'dev', peerSide],
    ['netns', 'exec', ns, 'ip', 'link', 'set', peerSide, 'up'],
    ['netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up'],
  ];
  const remove = async (): Promise<void> => {
    await run('ip', ['link', 'del', hostSide]).catch(() => undefined);
    await run('ip', ['netns', 'del', ns]).catch(() => undefined);
  };
  try {
    for (const step of steps) await run('ip', step);
  } catch (error) {
    await remove();
    return { unavailable: `ip could not make a network namespace here (${(error as Error).message.split('\n')[0]})` };
  }
  return {
    hostAddress,
    peerAddress,
    exec: async (command, args) => (await run('ip', ['netns', 'exec', ns, command, ...args])).stdout,
    remove,
  };
}
