import { toRunJson } from '../../api/run-views.js';
import type { RunSummary } from '../../store/run-store.js';
import type { CommandContext } from '../command-context.js';
import { formatDuration, formatTable } from '../output.js';

/** A run for `--json`: the API's view under the CLI's field names (engine/api/run-views.ts). */
export function runSummaryJson(run: RunSummary): object {
  return toRunJson(run);
}

/** `flowbench runs [FLOW] [--json]`: newest first. */
export async function runsCommand(context: CommandContext): Promise<number> {
  const { store, json, output } = context;
  const flow = context.positionals[0];
  const runs = await store.listRuns(flow);
  if (json) {
    output.out(JSON.stringify(runs.map(runSummaryJson)));
    return 0;
  }
  if (runs.length === 0) {
    output.err(flow ? `No runs of ${flow} in ${store.root}.` : `No runs in ${store.root}. Start one with "flowbench run FLOW.py".`);
    return 0;
  }
  const rows = runs.map((run) => {
    const duration = run.end ? formatDuration(Date.parse(run.end.finishedAt) - Date.parse(run.record.startedAt)) : '';
    return [`${run.record.flow}/${run.record.runId}`, run.status, run.record.startedAt.replace('T', ' ').slice(0, 19), duration, run.record.tags.join(',')];
  });
  output.out(formatTable([['PATHSPEC', 'STATUS', 'STARTED (UTC)', 'DURATION', 'TAGS'], ...rows]));
  return 0;
}
