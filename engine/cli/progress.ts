import { assertNever } from '../errors/assert-never.js';
import type { RunEvent } from '../runtime/events.js';
import { formatDuration, type CliOutput } from './output.js';

/** Prints a run's events on stderr the way a person follows them in a terminal. */
export function printProgress(event: RunEvent, output: CliOutput, pathspec: string): void {
  const task = (e: { step: string; taskId: string }): string => `[${e.step}/${e.taskId}]`;
  switch (event.type) {
    case 'run-started':
      output.err(`Running ${pathspec}${event.origin ? ` (resuming ${event.origin})` : ''}`);
      break;
    case 'task-queued':
      break;
    case 'task-started':
      output.err(`${task(event)} started${event.attempt > 0 ? ` (attempt ${event.attempt + 1})` : ''}`);
      break;
    case 'task-log':
      output.err(`${task(event)} ${event.line}`);
      break;
    case 'task-retrying':
      output.err(`${task(event)} failed: ${event.reason}; retrying${event.delayMs > 0 ? ` in ${formatDuration(event.delayMs)}` : ''}`);
      break;
    case 'task-finished':
      output.err(
        event.cloned
          ? `${task(event)} reused from the origin run`
          : `${task(event)} ${event.status} in ${formatDuration(event.durationMs)}${event.message ? `: ${event.message}` : ''}`,
      );
      break;
    case 'run-finished':
      output.err(`${pathspec} ${event.status}${event.message && event.status !== 'succeeded' ? `: ${event.message}` : ''}`);
      break;
    default:
      assertNever(event, 'run event');
  }
}
