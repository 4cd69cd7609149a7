import type { RunSummary } from '../../store/run-store.js';
import type { CommandContext } from '../command-context.js';
import { formatDuration, formatTable } from '../output.js';

export function runSummaryJson(run: RunSummary): object {
  const { record, end } = run;
  return {
    flow: record.flow,
    run: record.runId,
    pathspec: `${record.flow}/${record.runId}`,
    status: run.status,
    ...(run.statusNote ? { statusNote: run.statusNote } : {}),
    user: record.user,
    tags: record.tags,
    parameters: record.parameters,
    startedAt: record.startedAt,
    finishedAt: end?.finishedAt ?? null,
    durationMs: end ? Date.parse(end.finishedAt) - Date.parse(record.startedAt) : null,
    ...(record.origin ? { origin: record.origin } : {}),
    ...(end?.message ? { message: end.message } : {}),
    ...(run.damaged ? { damaged: run.damaged } : {}),
  };
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
    // The JSON keeps status "failed" (the status union is fixed); a person reads "damaged".
    return [`${run.record.flow}/${run.record.runId}`, run.damaged ? 'damaged' : run.status, run.record.startedAt.replace('T', ' ').slice(0, 19), duration, run.record.tags.join(',')];
  });
  output.out(formatTable([['PATHSPEC', 'STATUS', 'STARTED (UTC)', 'DURATION', 'TAGS'], ...rows]));
  for (const run of runs) if (run.damaged) output.err(`${run.record.flow}/${run.record.runId} is damaged: ${run.damaged.message}`);
  return 0;
}
