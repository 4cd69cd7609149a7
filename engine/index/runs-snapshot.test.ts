/**
 * `flowbench runs` answers from the index's runs snapshot while nothing changed, without DuckDB,
 * and what it prints is what the index prints for every filter; any change to the store (a new
 * run, a tag, a removed run, a damaged snapshot) sends it to the index, which writes a new one.
 * Real runs, real DuckDB.
 */
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RunStore } from '../store/run-store.js';
import { cli, runFlow, tempHome } from '../testing/cli-harness.js';
import { indexDirOf } from './index-location.js';
import { RunsSnapshot } from './runs-snapshot.js';

const FLOW = `from flowbench import FlowSpec, Parameter, step


class SnapFlow(FlowSpec):
    fail = Parameter("fail", default=False)
    seed = Parameter("seed", default=2**60 + 1)
    rate = Parameter("rate", default=2.0)

    @step
    def start(self):
        if self.fail:
            raise ValueError("asked to fail")
        self.next(self.end)

    @step
    def end(self):
        pass
`;

const FILTERS: string[][] = [
  [],
  ['SnapFlow'],
  ['NoSuchFlow'],
  ['--namespace', 'all'],
  ['--namespace', 'user:ada'],
  ['--namespace', 'exp:1'],
  ['--tag', 'exp:1'],
  ['--namespace', 'all', '--tag', 'exp:1', '--tag', 'exp:2'],
  ['--namespace', 'all', '--status', 'failed'],
  ['--status', 'succeeded'],
];

let home: string;
let flowFile: string;
const snapshot = (): RunsSnapshot => RunsSnapshot.inIndexDir(indexDirOf(home));
const runsJson = async (args: string[]): Promise<string> => {
  const out = await cli(['runs', ...args, '--json'], home);
  expect(out.code, out.stderr).toBe(0);
  return out.stdout;
};

beforeAll(async () => {
  home = await tempHome();
  flowFile = join(home, 'snap_flow.py');
  writeFileSync(flowFile, FLOW);
  for (const [args, env] of [
    [['--tag', 'exp:1'], {}],
    [['--tag', 'exp:1', '--tag', 'exp:2'], { FLOWBENCH_USER: 'ada' }],
    [['--param', 'fail=true'], {}],
  ] as const) {
    const run = await runFlow(flowFile, home, [...args], env);
    expect(run.result.status).toBe((args as readonly string[]).includes("fail=true") ? "failed" : "succeeded");
  }
}, 180_000);

describe('the runs snapshot', () => {
  it('answers every filter as the index does, and is what `flowbench runs` reads while nothing changed', async () => {
    await runsJson([]); // the index catches up and writes the snapshot
    expect(snapshot().readFresh(home)).toHaveLength(3);
    for (const filter of FILTERS) {
      const fromSnapshot = await runsJson(filter);
      rmSync(join(indexDirOf(home), 'runs.json'));
      const fromIndex = await runsJson(filter);
      expect(fromSnapshot, filter.join(' ')).toBe(fromIndex);
      expect(snapshot().readFresh(home), 'the index wrote it again').not.toBeNull();
    }
    // Exact numbers survive the snapshot: 2**60 + 1 and the float 2.0.
    expect(await runsJson(['--namespace', 'all'])).toContain('"seed":1152921504606846977');
    expect(await runsJson(['--namespace', 'all'])).toContain('"rate":2.0');
  });

  it('is not trusted once the store changed: a new run, a tag, a removed run', async () => {
    await runsJson([]);
    const run = await runFlow(flowFile, home);
    expect(snapshot().readFresh(home)).toBeNull();
    expect(await runsJson([])).toContain(run.result.run);
    expect(snapshot().readFresh(home)).toHaveLength(4);

    expect((await cli(['tag', 'add', run.result.pathspec, 'late'], home)).code).toBe(0);
    expect(snapshot().readFresh(home)).toBeNull();
    expect(await runsJson(['--tag', 'late'])).toContain(run.result.run);

    rmSync(join(home, 'runs', 'SnapFlow', run.result.run), { recursive: true });
    expect(snapshot().readFresh(home)).toBeNull();
    expect(await runsJson([])).not.toContain(run.result.run);
    expect(snapshot().readFresh(home)).toHaveLength(3);
  });

  it('takes in a few new or changed runs itself, without DuckDB, answering as the index does', async () => {
    await runsJson([]);
    const store = RunStore.open(home);
    const indexFiles = (): string[] => readdirSync(indexDirOf(home)).filter((name) => name !== 'runs.json').map((name) => {
      const stats = statSync(join(indexDirOf(home), name));
      return `${name} ${stats.size} ${stats.mtimeMs}`;
    });
    const before = indexFiles();

    // A new run, a tag added to an old one, a run still going, a run whose record is damaged.
    const made = await runFlow(flowFile, home, ['--tag', 'new:1']);
    const [old] = await store.listRuns('SnapFlow');
    expect((await cli(['tag', 'add', `SnapFlow/${old!.record.runId}`, 'late'], home)).code).toBe(0);
    const going = { ...(await store.requireRun('SnapFlow', made.result.run)).record, runId: '01GOING', startedAt: '2026-12-01T10:00:00.123456+00:00' }; // a time spelled otherwise than the engine does
    await store.writeRun(going);
    await store.recordsWritten('01GOING'); // on the disk for the CLI's own store, not only for this one
    const stopHeartbeat = store.startHeartbeat('SnapFlow', '01GOING');
    mkdirSync(join(home, 'runs', 'SnapFlow', '01BROKEN'));
    writeFileSync(join(home, 'runs', 'SnapFlow', '01BROKEN', 'run.json'), '{"version": 1, "flow"');
    try {
      const ownAnswers: string[] = [];
      for (const filter of FILTERS) ownAnswers.push(await runsJson(filter));
      expect(indexFiles(), 'DuckDB was not needed').toEqual(before);
      expect(ownAnswers[3]).toContain('"status":"running"');
      expect(ownAnswers[3]).toContain('its run record is damaged');
      expect(ownAnswers[3]).toContain('"late"');

      rmSync(join(indexDirOf(home), 'runs.json'));
      for (const [i, filter] of FILTERS.entries()) expect(ownAnswers[i], filter.join(' ')).toBe(await runsJson(filter));
    } finally {
      await stopHeartbeat();
      rmSync(join(home, 'runs', 'SnapFlow', '01GOING'), { recursive: true });
      rmSync(join(home, 'runs', 'SnapFlow', '01BROKEN'), { recursive: true });
      rmSync(join(home, 'runs', 'SnapFlow', made.result.run), { recursive: true });
    }
    // Removed runs are dropped by the same path.
    expect(snapshot().readFresh(home)).toBeNull();
    expect(await runsJson(['--namespace', 'all'])).not.toContain('01GOING');
    expect(indexFiles()).not.toEqual(before); // (the last comparison above had the index catch up)
    expect(snapshot().readFresh(home)).toHaveLength(3);
  }, 120_000);

  it('leaves more changed runs than its limit to the index', async () => {
    await runsJson([]);
    const run = await runFlow(flowFile, home);
    const snap = snapshot();
    expect(await snap.catchUp(RunStore.open(home), 0)).toBeNull();
    expect(snap.readFresh(home)).toBeNull();
    expect(await snap.catchUp(RunStore.open(home), 1)).toHaveLength(4);
    expect(snap.readFresh(home)).toHaveLength(4);
    rmSync(join(home, 'runs', 'SnapFlow', run.result.run), { recursive: true });
  }, 120_000);

  it('a damaged snapshot is ignored, and the index answers and replaces it', async () => {
    const expected = await runsJson(['--namespace', 'all']);
    writeFileSync(join(indexDirOf(home), 'runs.json'), '{"version":1,"state":{},"ru');
    expect(snapshot().readFresh(home)).toBeNull();
    expect(await runsJson(['--namespace', 'all'])).toBe(expected);
    expect(snapshot().readFresh(home)).toHaveLength(3);
  });
});
