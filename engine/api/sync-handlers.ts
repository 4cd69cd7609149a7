import { readConfigFile, remoteSettings } from '../config/config.js';
import { ErrorCode, FlowbenchError } from '../errors/flowbench-error.js';
import { parsePathspec } from '../store/pathspec.js';
import type { RunStore } from '../store/run-store.js';
import { pendingWork } from '../sync/push.js';
import { remoteInfos } from '../sync/remotes.js';
import { SyncState } from '../sync/sync-state.js';
import { assertTagName } from '../sync/tag-name.js';
import type { ApiParsedArgs, ApiResults, SyncProgress, SyncSummary } from './contract.js';
import type { EventHub } from './event-hub.js';
import { runView, toRunSummary } from './run-views.js';

type SyncMethods = 'tags.add' | 'tags.remove' | 'sync.status' | 'sync.run';
export type SyncHandlers = { readonly [M in SyncMethods]: (args: ApiParsedArgs<M>) => Promise<ApiResults[M]> };

export interface SyncApi {
  readonly handlers: SyncHandlers;
  /** Called when a run started through the API ends: pushes it when the config says `autoPush`. */
  runFinished(): void;
  /**
   * Stops a transfer in progress and waits for it (the app quits). Safe: a stopped push leaves
   * nothing half visible and the next one resumes.
   */
  close(): Promise<void>;
}

/**
 * The sharing side of the contract: tags, and sync with the remotes of `$FLOWBENCH_HOME/
 * config.json` (read at each request, so a remote added with the CLI while the app is open is
 * seen). One transfer at a time: a second request joins the one in progress. The AWS SDK is
 * loaded with the first transfer.
 */
export function createSyncApi(deps: { readonly store: RunStore; readonly home: string; readonly user: string }, events: EventHub): SyncApi {
  let inFlight: { direction: string; remote: string | undefined; done: Promise<SyncSummary>; stop: AbortController } | null = null;
  let progress: SyncProgress | null = null;
  const settings = (): ReturnType<typeof remoteSettings> & { home: string; user: string } => ({
    ...remoteSettings(readConfigFile(deps.home)),
    home: deps.home,
    user: deps.user,
  });

  const start = (direction: 'pull' | 'push' | 'sync', remote: string | undefined): Promise<SyncSummary> => {
    if (inFlight) {
      if (inFlight.direction === direction && inFlight.remote === remote) return inFlight.done;
      const current = inFlight.done;
      return current.catch(() => undefined).then(() => start(direction, remote));
    }
    const stop = new AbortController();
    const done = (async () => {
      const { runSync } = await import('../sync/sync-service.js');
      return runSync({
        store: deps.store,
        settings: settings(),
        direction,
        ...(remote ? { remote } : {}),
        signal: stop.signal,
        onProgress: (event) => {
          progress = event.done ? null : event;
          events.emit('sync.progress', event);
        },
      });
    })().finally(() => {
      inFlight = null;
      progress = null;
    });
    inFlight = { direction, remote, done, stop };
    return done;
  };

  const changeTags = async (op: 'add' | 'remove', pathspec: string, tags: readonly string[]): Promise<ApiResults['tags.add']> => {
    const path = parsePathspec(pathspec);
    if (path.step !== undefined) throw new FlowbenchError(ErrorCode.badArgument, `"${pathspec}" names a step or task; tags belong to a run (Flow/RunId).`);
    tags.forEach(assertTagName);
    const after = await deps.store.changeTags(path.flow, path.runId, op, tags, deps.user);
    const run = await deps.store.requireRun(path.flow, path.runId);
    return toRunSummary(runView(run, { tags: after, pulled: await deps.store.isPulled(path.flow, path.runId) }));
  };

  return {
    handlers: {
      'tags.add': async ({ pathspec, tags }) => changeTags('add', pathspec, tags),
      'tags.remove': async ({ pathspec, tags }) => changeTags('remove', pathspec, tags),
      'sync.status': async () => {
        const current = settings();
        const remotes = remoteInfos(current);
        if (current.defaultRemote === null) {
          return { remotes, pendingRuns: 0, pushedRuns: 0, lastSync: null, inProgress: progress, lastError: null };
        }
        const state = new SyncState(deps.home, current.defaultRemote);
        const [pending, up, last] = await Promise.all([pendingWork(deps.store, state), state.runsUp(), state.lastSync()]);
        return {
          remotes,
          pendingRuns: pending.runs.length,
          pushedRuns: up.size,
          lastSync: last?.ok ?? null,
          inProgress: progress,
          lastError: last?.error?.message ?? null,
        };
      },
      'sync.run': async ({ remote, direction }) => start(direction, remote),
    },
    runFinished() {
      const current = settings();
      if (!current.autoPush || current.defaultRemote === null) return;
      // The error is kept as the remote's last sync (sync.status shows it); the run is unaffected.
      void start('push', undefined).catch(() => undefined);
    },
    async close() {
      inFlight?.stop.abort();
      await inFlight?.done.catch(() => undefined);
    },
  };
}
