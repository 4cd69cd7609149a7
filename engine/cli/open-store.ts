import { loadConfig, type FlowbenchConfig } from '../config/config.js';
import { RunStore } from '../store/run-store.js';
import { remoteBlobFetcher } from '../sync/remote-fetcher.js';

/** The settings and the store every command but `--help` and `serve` works on. */
export function openStore(env: NodeJS.ProcessEnv): { settings: FlowbenchConfig; store: RunStore } {
  const settings = loadConfig(env);
  const store = RunStore.open(settings.home);
  // A pulled run's blobs come from the remotes when first read (the SDK loads only then).
  store.blobs.setFetcher(remoteBlobFetcher(settings.home));
  return { settings, store };
}
