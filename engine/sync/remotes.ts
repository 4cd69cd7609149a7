import type { RemoteInfo } from '../api/contract.js';
import { remoteSettings, updateConfigFile, type FlowbenchConfig, type RemoteConfig } from '../config/config.js';
import { ErrorCode, FlowbenchError } from '../errors/flowbench-error.js';
import { assertRemoteName, parseRemoteUrl } from './remote-url.js';

/** The remotes of a configuration, as the CLI and the app list them. */
export function remoteInfos(settings: Pick<FlowbenchConfig, 'remotes' | 'defaultRemote'>): RemoteInfo[] {
  return Object.entries(settings.remotes).map(([name, config]) => ({
    name,
    url: config.url,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    isDefault: name === settings.defaultRemote,
  }));
}

/**
 * Adds a remote to `$FLOWBENCH_HOME/config.json` (atomically). The first one added becomes the
 * default. Only where the bucket is and how to address it is stored — never a credential.
 */
export async function addRemote(home: string, name: string, remote: RemoteConfig): Promise<RemoteInfo[]> {
  assertRemoteName(name);
  parseRemoteUrl(remote.url);
  if (remote.endpoint !== undefined) {
    let endpoint: URL;
    try {
      endpoint = new URL(remote.endpoint);
    } catch {
      throw new FlowbenchError(ErrorCode.badArgument, `--endpoint ${remote.endpoint} is not a URL; write e.g. http://127.0.0.1:9000.`);
    }
    if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:') {
      throw new FlowbenchError(ErrorCode.badArgument, `--endpoint ${remote.endpoint} must be an http:// or https:// URL.`);
    }
    if (endpoint.username || endpoint.password) {
      throw new FlowbenchError(ErrorCode.badArgument, '--endpoint must not carry a user name or password; credentials come from the AWS chain (docs/sync.md).');
    }
  }
  const file = await updateConfigFile(home, (current) => {
    if (current.remotes && Object.prototype.hasOwnProperty.call(current.remotes, name)) {
      throw new FlowbenchError(ErrorCode.badArgument, `A remote "${name}" exists already (${current.remotes[name]!.url}); remove it first with "flowbench remote remove ${name}".`);
    }
    const remotes = { ...(current.remotes ?? {}), [name]: stripUndefined(remote) };
    return { ...current, remotes, defaultRemote: current.defaultRemote && current.remotes?.[current.defaultRemote] ? current.defaultRemote : name };
  });
  return remoteInfos(remoteSettings(file));
}

/** Removes a remote from the config (nothing in the bucket or the local store is touched). */
export async function removeRemote(home: string, name: string): Promise<RemoteInfo[]> {
  const file = await updateConfigFile(home, (current) => {
    if (!current.remotes || !Object.prototype.hasOwnProperty.call(current.remotes, name)) {
      throw new FlowbenchError(ErrorCode.badArgument, `There is no remote "${name}". List them with "flowbench remote list".`);
    }
    const remotes = { ...current.remotes };
    delete remotes[name];
    const next = { ...current, remotes };
    if (next.defaultRemote === name) {
      const first = Object.keys(remotes)[0];
      if (first === undefined) delete next.defaultRemote;
      else next.defaultRemote = first;
    }
    return next;
  });
  return remoteInfos(remoteSettings(file));
}

function stripUndefined(remote: RemoteConfig): RemoteConfig {
  return Object.fromEntries(Object.entries(remote).filter(([, value]) => value !== undefined)) as unknown as RemoteConfig;
}
