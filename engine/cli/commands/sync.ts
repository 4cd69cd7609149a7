import { runSync } from '../../sync/sync-service.js';
import type { CommandContext } from '../command-context.js';
import { formatDuration } from '../output.js';
import { transferPrinter } from '../transfer-printer.js';

/**
 * `flowbench push|pull|sync [--remote NAME] [--json]`. Progress of a long transfer on stderr;
 * with --json, stdout is exactly one object `{"pushed_runs", "pulled_runs", "bytes_up",
 * "bytes_down"}`. A remote that fails is one line on stderr and exit code 2.
 */
export async function syncCommand(context: CommandContext, command: 'push' | 'pull' | 'sync'): Promise<number> {
  const started = Date.now();
  const printer = transferPrinter(context.output);
  const summary = await runSync({
    store: context.store,
    settings: context.settings,
    direction: command,
    ...(context.values.remote ? { remote: context.values.remote } : {}),
    onProgress: printer,
    signal: context.signal(),
  });
  if (context.json) {
    context.output.out(
      JSON.stringify({ pushed_runs: summary.pushedRuns, pulled_runs: summary.pulledRuns, bytes_up: summary.bytesUp, bytes_down: summary.bytesDown }),
    );
  } else {
    const parts = [];
    if (command !== 'push') parts.push(`pulled ${summary.pulledRuns} run${summary.pulledRuns === 1 ? '' : 's'} (${formatBytes(summary.bytesDown)})`);
    if (command !== 'pull') parts.push(`pushed ${summary.pushedRuns} run${summary.pushedRuns === 1 ? '' : 's'} (${formatBytes(summary.bytesUp)})`);
    const text = parts.join(', ');
    context.output.err(`${text.charAt(0).toUpperCase()}${text.slice(1)} in ${formatDuration(Date.now() - started)}.`);
  }
  return 0;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}
