import type { SyncSummary } from '../api/contract.js';
import type { FlowbenchConfig } from '../config/config.js';
import type { RunStore } from '../store/run-store.js';
import { pull } from './pull.js';
import { pendingWork, push } from './push.js';
import { resolveRemote } from './remote-url.js';
import type { S3Bucket } from './s3-bucket.js';
import { SyncState } from './sync-state.js';
import { TransferProgress, type ProgressListener } from './transfer-progress.js';

export const SyncDirection = { pull: 'pull', push: 'push', sync: 'sync' } as const;
export type SyncDirection = (typeof SyncDirection)[keyof typeof SyncDirection];

export interface SyncRequest {
  readonly store: RunStore;
  readonly settings: Pick<FlowbenchConfig, 'home' | 'user' | 'remotes' | 'defaultRemote'>;
  readonly direction: SyncDirection;
  /** A remote by name; the default one otherwise. */
  readonly remote?: string;
  readonly onProgress?: ProgressListener;
  readonly signal?: AbortSignal;
}

/**
 * `flowbench pull|push|sync` and the app's sync panel: pull (teammates' records), then push
 * (finished runs and tag events not yet up). The summary, or the error, is kept as the remote's
 * last sync. Throws one FlowbenchError sentence when the remote fails; what was done before the
 * failure stays done, and running it again completes.
 *
 * @example await runSync({ store, settings, direction: 'sync' }) // { pushedRuns: 2, pulledRuns: 5, … }
 */
export async function runSync(request: SyncRequest): Promise<SyncSummary> {
  const remote = resolveRemote(request.settings, request.remote);
  const state = new SyncState(request.settings.home, remote.name);
  const summary = { pushedRuns: 0, pulledRuns: 0, bytesUp: 0, bytesDown: 0 };
  const phases: TransferProgress[] = [];
  let bucket: S3Bucket | null = null;
  const part = async (phase: 'pull' | 'push'): Promise<Parameters<typeof pull>[0]> => {
    // The AWS SDK loads only when a request is to be made (a push with nothing to send makes none).
    bucket ??= new (await import('./s3-bucket.js')).S3Bucket(remote);
    const progress = new TransferProgress(remote.name, phase, request.onProgress);
    phases.push(progress);
    return { store: request.store, user: request.settings.user, bucket, state, progress, ...(request.signal ? { signal: request.signal } : {}) };
  };
  // The last sync is recorded before the final progress events, so a listener that asks for the
  // status on `done` sees this sync's outcome.
  const finish = async (error: string | null): Promise<void> => {
    await state.recordSync(error === null ? { summary } : { error }).catch(() => undefined);
    for (const progress of phases) progress.finish();
  };
  try {
    if (request.direction !== SyncDirection.push) {
      const pulled = await pull(await part('pull'));
      summary.pulledRuns = pulled.pulledRuns;
      summary.bytesDown = pulled.bytesDown;
    }
    const pending = request.direction === SyncDirection.pull ? null : await pendingWork(request.store, state);
    if (pending && (pending.runs.length > 0 || pending.tags.length > 0)) {
      const pushed = await push(await part('push'), pending);
      summary.pushedRuns = pushed.pushedRuns;
      summary.bytesUp = pushed.bytesUp;
    }
    await finish(null);
    return summary;
  } catch (error) {
    await finish((error as Error).message);
    throw error;
  } finally {
    (bucket as S3Bucket | null)?.destroy();
  }
}
