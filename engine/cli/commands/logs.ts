import { parsePathspec } from '../../store/pathspec.js';
import type { RunStore } from '../../store/run-store.js';
import type { CliOutput } from '../output.js';
import { resolveTask } from './resolve-task.js';

/** `flowbench logs PATHSPEC [--stderr] [--attempt N]`: the latest attempt's log unless told. */
export async function logsCommand(store: RunStore, text: string, stream: 'stdout' | 'stderr', attempt: number | undefined, output: CliOutput): Promise<number> {
  let path = parsePathspec(text);
  let { step, taskId, record } = await resolveTask(store, path);
  // A task reused by resume has no attempts of its own: its logs are the origin task's.
  while (record?.origin) {
    path = parsePathspec(record.origin);
    ({ step, taskId, record } = await resolveTask(store, path));
  }
  const attempts = await store.listAttempts(path.flow, path.runId, step, taskId);
  const chosen = attempt ?? attempts[attempts.length - 1];
  if (chosen === undefined || !attempts.includes(chosen)) {
    output.err(`${path.flow}/${path.runId}/${step}/${taskId} has no ${attempt === undefined ? 'attempts (it was reused from another run, or never started)' : `attempt ${attempt}`}.`);
    return 1;
  }
  const keys = store.attemptKeys(path.flow, path.runId, step, taskId, chosen);
  const bytes = await store.storage.get(stream === 'stdout' ? keys.stdout : keys.stderr);
  const log = bytes ? Buffer.from(bytes).toString('utf8') : '';
  if (log) output.out(log.replace(/\n$/, ''));
  return 0;
}
