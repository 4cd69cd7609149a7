import { toRunJson } from '../../api/run-views.js';
import { ErrorCode, FlowbenchError } from '../../errors/flowbench-error.js';
import { filterRuns, listRuns, type RunFilter } from '../../index/run-list.js';
import { indexDirOf } from '../../index/index-location.js';
import { RunsSnapshot } from '../../index/runs-snapshot.js';
import { RunStatus } from '../../store/records.js';
import { stringifyExactJson } from '../../util/exact-json.js';
import type { CommandContext } from '../command-context.js';
import { formatDuration, formatTable } from '../output.js';
import { namespaceOf } from './namespace-of.js';

/** `flowbench runs [FLOW] [--namespace user:NAME|TAG|all] [--tag TAG]... [--status STATUS] [--json]`: newest first, through the index. */
export async function runsCommand(context: CommandContext): Promise<number> {
  const { store, json, output, values } = context;
  const flow = context.positionals[0];
  const status = values.status;
  if (status !== undefined && !Object.values(RunStatus).includes(status as RunStatus)) {
    throw new FlowbenchError(ErrorCode.badArgument, `--status expects one of ${Object.values(RunStatus).join(', ')}, got ${JSON.stringify(status)}.`);
  }
  const namespace = namespaceOf(context);
  const filter: RunFilter = { flow, namespace, tags: values.tag ?? [], status: status as RunStatus | undefined };
  // Answer from the index's snapshot, without loading DuckDB, when nothing changed since the
  // index last looked or only a few runs did (the run just made): those are read from the store.
  const known = await RunsSnapshot.inIndexDir(indexDirOf(store.root)).catchUp(store);
  const runs = known
    ? filterRuns(known, filter)
    : await (await import('./open-index.js')).withIndex(context, (index) => listRuns(index, filter));
  if (json) {
    output.out(stringifyExactJson(runs.map(toRunJson)));
    return 0;
  }
  if (runs.length === 0) {
    const filtered = values.tag?.length || status !== undefined;
    output.err(
      flow || filtered
        ? `No runs${flow ? ` of ${flow}` : ''} match in the namespace ${namespace}${namespace === 'all' ? '' : ' (--namespace all shows everyone\'s)'}.`
        : `No runs in the namespace ${namespace} in ${store.root}. Start one with "flowbench run FLOW.py".`,
    );
    return 0;
  }
  const rows = runs.map((run) => {
    const duration = run.finishedAt ? formatDuration(Date.parse(run.finishedAt) - Date.parse(run.startedAt)) : '';
    // The JSON keeps status "failed" (the status union is fixed); a person reads "damaged".
    return [`${run.flow}/${run.runId}`, run.damaged ? 'damaged' : run.status, run.startedAt.replace('T', ' ').slice(0, 19), duration, run.tags.join(',')];
  });
  output.out(formatTable([['PATHSPEC', 'STATUS', 'STARTED (UTC)', 'DURATION', 'TAGS'], ...rows]));
  for (const run of runs) if (run.damaged) output.err(`${run.flow}/${run.runId} is damaged: ${run.damaged.file}: ${run.damaged.message}`);
  return 0;
}
