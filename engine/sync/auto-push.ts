import type { FlowbenchConfig } from '../config/config.js';
import type { RunStore } from '../store/run-store.js';

/**
 * Config `"autoPush": true`: after a run finishes, push what is pending to the default remote.
 * Called once the run's result is out; a failure (an unreachable S3) is one warning line and
 * never changes the run's outcome — the run goes up with the next push or sync.
 */
export async function autoPush(
  store: RunStore,
  settings: Pick<FlowbenchConfig, 'home' | 'user' | 'remotes' | 'defaultRemote' | 'autoPush'>,
  report: { info(line: string): void; warn(line: string): void },
): Promise<void> {
  if (!settings.autoPush || settings.defaultRemote === null) return;
  try {
    const { runSync } = await import('./sync-service.js');
    const summary = await runSync({ store, settings, direction: 'push' });
    if (summary.pushedRuns > 0) report.info(`Pushed ${summary.pushedRuns} run${summary.pushedRuns === 1 ? '' : 's'} to ${settings.defaultRemote} (autoPush).`);
  } catch (error) {
    report.warn(`warning: autoPush to ${settings.defaultRemote} failed: ${(error as Error).message} The run is kept here and goes up with the next "flowbench push".`);
  }
}
