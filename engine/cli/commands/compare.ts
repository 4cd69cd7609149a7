import type { RunComparison } from '../../api/contract.js';
import { compareRuns, twoRunJson } from '../../index/compare-runs.js';
import type { CommandContext } from '../command-context.js';
import { stringifyExactJson } from '../../util/exact-json.js';
import { formatTable } from '../output.js';
import { withIndex } from './open-index.js';

/**
 * `flowbench compare PATHSPEC_A PATHSPEC_B [--json]`: parameters, metrics, artifacts (by digest),
 * tags and the flow code of two runs (of one flow or two). The text form shows what differs.
 */
export async function compareCommand(context: CommandContext, a: string, b: string): Promise<number> {
  const comparison = await withIndex(context, (index) => compareRuns(index, [a, b]));
  if (context.json) {
    context.output.out(stringifyExactJson(twoRunJson(comparison)));
    return 0;
  }
  context.output.out(compareText(comparison));
  return 0;
}

function compareText(comparison: RunComparison): string {
  const [first, second] = comparison.runs;
  const show = (value: unknown): string => (value === null || value === undefined ? '—' : typeof value === 'string' ? value : stringifyExactJson(value));
  const short = (sha: string | undefined): string => (sha ? sha.slice(0, 12) : '—');
  const sections: string[] = [`A ${first!.pathspec}\nB ${second!.pathspec}`];
  const params = comparison.params.filter((row) => !row.same).map((row) => [row.name, show(row.values[0]), show(row.values[1])]);
  sections.push(params.length ? formatTable([['PARAMETER', 'A', 'B'], ...params]) : 'Parameters: the same.');
  const metrics = comparison.metrics.filter((row) => !row.same).map((row) => [`${row.step}.${row.name}`, show(row.values[0]), show(row.values[1])]);
  sections.push(metrics.length ? formatTable([['METRIC', 'A', 'B'], ...metrics]) : 'Metrics: the same.');
  const artifacts = comparison.artifacts
    .filter((row) => !row.same)
    .map((row) => [`${row.step}.${row.name}`, short(row.values[0]?.sha256), short(row.values[1]?.sha256)]);
  sections.push(artifacts.length ? formatTable([['ARTIFACT (differs)', 'A', 'B'], ...artifacts]) : 'Artifacts: the same content.');
  sections.push(
    comparison.tags.same
      ? 'Tags: the same.'
      : formatTable([['TAGS', ''], ['A', comparison.tags.values[0]!.join(',')], ['B', comparison.tags.values[1]!.join(',')]]),
  );
  const diff = comparison.code[1]?.diff ?? '';
  sections.push(diff ? `Code (steps changed: ${comparison.changedSteps[1]!.join(', ') || 'none'}):\n${diff.trimEnd()}` : 'Code: identical.');
  return sections.join('\n\n');
}
