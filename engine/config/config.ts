import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { homedir, userInfo } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorCode, FlowbenchError } from '../errors/flowbench-error.js';
import { nodeCrypto } from '../util/crypto-on-use.js';
import { choosePython } from './python-choice.js';

/**
 * Everything the engine reads from the environment and the config file, resolved once per
 * entry point (the composition root) and passed down. Nothing below the entry points reads
 * `process.env` for settings.
 *
 * Precedence: environment variable > `$FLOWBENCH_HOME/config.json` > built-in default.
 */
export interface FlowbenchConfig {
  /** Root of the local store (`FLOWBENCH_HOME`, default `~/.flowbench`). */
  readonly home: string;
  /** Who runs flows: `FLOWBENCH_USER`, else the OS user. Recorded as the tag `user:<name>`. */
  readonly user: string;
  /** The interpreter for local tasks (`FLOWBENCH_PYTHON`, config `python`, else the user's environment: see python-choice.ts). */
  readonly python: string;
  /** Where the step runtime package (`flowbench`) lives: added to PYTHONPATH of every task. */
  readonly runtimePath: string;
  /** Fork tasks from a warm Python worker (POSIX only). `FLOWBENCH_WARM_WORKERS=0` turns it off. */
  readonly warmWorkers: boolean;
  /** The image a step runs in when neither `@docker(image=)` nor `--image` names one (config `dockerImage`). */
  readonly dockerImage: string;
  /** Named remote Docker hosts (config `dockerHosts`), for `--backend remote:NAME` and `@docker(host=NAME)`. */
  readonly dockerHosts: { readonly [name: string]: DockerHostConfig };
  /** Shared S3 namespaces (config `remotes`, managed by `flowbench remote`); see docs/sync.md. */
  readonly remotes: { readonly [name: string]: RemoteConfig };
  /** The remote push/pull/sync use without `--remote`: config `defaultRemote`, else the first added. */
  readonly defaultRemote: string | null;
  /** Push each run as it finishes (config `autoPush`); a failure is a warning, never the run's. */
  readonly autoPush: boolean;
}

/**
 * A shared S3 namespace. Never holds credentials: those come from the standard AWS chain
 * (environment, shared config/credentials files, `profile`, SSO) when a request is made.
 */
export interface RemoteConfig {
  /** `s3://bucket/prefix` (prefix optional). */
  readonly url: string;
  /** An S3-compatible endpoint (MinIO, moto, …); requests then use path-style addressing. */
  readonly endpoint?: string;
  readonly region?: string;
  /** A profile of the shared AWS config files. */
  readonly profile?: string;
}

/**
 * How to reach one Docker engine (docs/docker.md shows examples):
 * - `tls`: `host`, `port` (default 2376) and the PEM files `ca`, `cert`, `key` (paths);
 * - `ssh`: `host`, `port` (default 22), `username`, `privateKey` (a path) — the remote user
 *   must be allowed to use its Docker socket; `knownHosts`, the OpenSSH file whose key for the
 *   host is trusted (default `~/.ssh/known_hosts` and `/etc/ssh/ssh_known_hosts`; an unknown or
 *   changed key is refused);
 * - `socket`: `socketPath` (a local engine on another socket).
 * `network` is the container network on that engine (default: the engine's default bridge;
 * `none` for an engine started with `--bridge=none`).
 */
export type DockerHostConfig =
  | { readonly protocol: 'tls'; readonly host: string; readonly port?: number; readonly ca: string; readonly cert: string; readonly key: string; readonly network?: string }
  | { readonly protocol: 'ssh'; readonly host: string; readonly port?: number; readonly username: string; readonly privateKey?: string; readonly knownHosts?: string; readonly network?: string }
  | { readonly protocol: 'socket'; readonly socketPath: string; readonly network?: string };

/** The image the project's scripts build (scripts/provision.sh python-image). */
export const DEFAULT_DOCKER_IMAGE = 'flowbench-python:bookworm';

/** Keys accepted in `config.json`. */
export interface ConfigFile {
  python?: string;
  user?: string;
  warmWorkers?: boolean;
  dockerImage?: string;
  dockerHosts?: { [name: string]: DockerHostConfig };
  remotes?: { [name: string]: RemoteConfig };
  defaultRemote?: string;
  autoPush?: boolean;
}

/**
 * The interpreter for local tasks when FLOWBENCH_PYTHON and the config name none: the user's
 * environment (an activated virtualenv or conda env, else `python3` on PATH resolved past pyenv
 * shims, else `/usr/bin/python3`). See python-choice.ts.
 */
export function defaultPython(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  return choosePython(env, cwd);
}

/** The folder holding the `flowbench` Python package, from the source tree or a packaged app. */
export function defaultRuntimePath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // This module sits a few levels below the root: engine/config (source), out/engine/config
  // (tsc's output) or out/cli/chunks (the CLI's bundle).
  for (const up of ['../..', '../../..']) {
    const candidate = resolve(here, up, 'resources', 'python');
    if (existsSync(join(candidate, 'flowbench', '__init__.py'))) return candidate;
  }
  throw new FlowbenchError(
    ErrorCode.internal,
    `The Python step runtime (resources/python/flowbench) was not found near ${here}. Reinstall Flowbench.`,
  );
}

/** The raw `config.json` of a store (`{}` when there is none); a file that is not JSON is refused. */
export function readConfigFile(home: string): ConfigFile {
  const path = join(home, 'config.json');
  if (!existsSync(path)) return {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as ConfigFile;
  } catch (error) {
    throw new FlowbenchError(
      ErrorCode.badArgument,
      `${path} is not valid JSON (${(error as Error).message}). Fix or remove it.`,
      { file: path, cause: error },
    );
  }
}

/** Resolves the configuration from an environment (usually `process.env`). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): FlowbenchConfig {
  const home = resolve(env['FLOWBENCH_HOME'] || join(homedir(), '.flowbench'));
  const file = readConfigFile(home);
  const warmSetting = env['FLOWBENCH_WARM_WORKERS'];
  return {
    home,
    user: env['FLOWBENCH_USER'] || file.user || safeUserName(),
    python: env['FLOWBENCH_PYTHON'] || file.python || defaultPython(env, cwd),
    runtimePath: env['FLOWBENCH_RUNTIME_PATH'] || defaultRuntimePath(),
    warmWorkers:
      process.platform !== 'win32' &&
      (warmSetting === undefined ? file.warmWorkers !== false : warmSetting !== '0' && warmSetting !== 'false'),
    dockerImage: env['FLOWBENCH_DOCKER_IMAGE'] || file.dockerImage || DEFAULT_DOCKER_IMAGE,
    dockerHosts: file.dockerHosts ?? {},
    ...remoteSettings(file),
  };
}

/** Remotes, the default one and autoPush as a config file states them. */
export function remoteSettings(file: ConfigFile): Pick<FlowbenchConfig, 'remotes' | 'defaultRemote' | 'autoPush'> {
  const remotes = file.remotes ?? {};
  const names = Object.keys(remotes);
  const defaultRemote = file.defaultRemote !== undefined && names.includes(file.defaultRemote) ? file.defaultRemote : (names[0] ?? null);
  return { remotes, defaultRemote, autoPush: file.autoPush === true };
}

/**
 * Changes `config.json` atomically (a temporary file renamed into place), keeping every key the
 * change does not touch. Used by `flowbench remote add|remove`.
 */
export async function updateConfigFile(home: string, change: (file: ConfigFile) => ConfigFile): Promise<ConfigFile> {
  const next = change(readConfigFile(home));
  const path = join(home, 'config.json');
  await mkdir(home, { recursive: true });
  const temporary = `${path}.tmp-${process.pid}-${nodeCrypto().randomBytes(6).toString('hex')}`;
  try {
    await writeFile(temporary, `${JSON.stringify(next, null, 2)}\n`);
    await rename(temporary, path);
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
  return next;
}

function safeUserName(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}
