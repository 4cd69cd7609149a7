import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { setClient } from '../api/client.js';
import type { RunDetails, RunEvent } from '../api/contract-types.js';
import { fakeClient, type Call } from '../test/fake-flow.js';
import { useRunStore, type RunEventOf } from './run-store.js';

const RUN = 'WideFlow/1';
const WIDTH = 2000;

function placeholder(): RunDetails {
  return {
    run: {
      flow: 'WideFlow',
      runId: '1',
      pathspec: RUN,
      status: 'running',
      user: 'ada',
      tags: [],
      parameters: {},
      startedAt: new Date(Date.now() - 1000).toISOString(),
      finishedAt: null,
      durationMs: null,
      flowFile: '/f/wide_flow.py',
      backend: 'local',
    },
    code: '',
    graph: { flowName: 'WideFlow', classSpan: null, api: 'flowbench', flowDecorators: [], parameters: [], steps: [], problems: [] },
    tasks: [],
  };
}

/** Every event of a foreach of `WIDTH` tasks, and a log line of the task on screen, in order. */
function wideRun(): RunEventOf[] {
  const events: RunEvent[] = [{ type: 'run-started', flow: 'WideFlow', runId: '1' }];
  for (let i = 0; i < WIDTH; i += 1) events.push({ type: 'task-queued', step: 'work', taskId: String(i + 2) });
  for (let i = 0; i < WIDTH; i += 1) {
    const taskId = String(i + 2);
    events.push({ type: 'task-started', step: 'work', taskId, attempt: 0 });
    if (i === 5) events.push({ type: 'task-log', step: 'work', taskId, attempt: 0, stream: 'stdout', line: 'hello from 7' });
    events.push({ type: 'task-finished', step: 'work', taskId, status: i === 9 ? 'failed' : 'succeeded', durationMs: 4, ...(i === 9 ? { message: 'ValueError: nine' } : {}) });
  }
  return events.map((event) => ({ pathspec: RUN, event }));
}

let calls: Call[];
beforeEach(() => {
  const client = fakeClient((method) => {
    if (method === 'runs.get') return { ...placeholder(), run: { ...placeholder().run, status: 'failed' } };
    if (method === 'runs.list') return [];
    return {};
  });
  calls = client.calls;
  setClient(client);
  useRunStore.setState({ selected: RUN, detail: placeholder(), selectedTask: `${RUN}/work/7`, logs: { stdout: '', stderr: '' } });
});
afterEach(() => {
  setClient(null);
  useRunStore.setState({ selected: null, detail: null, selectedTask: null });
});

describe('a batch of run events', () => {
  test('is applied in ONE store update, with every task folded in order', () => {
    let updates = 0;
    const stop = useRunStore.subscribe(() => (updates += 1));
    useRunStore.getState().applyEvents(wideRun().slice(0, -1)); // all but the last task-finished
    stop();

    expect(updates).toBe(1);
    const { detail, logs } = useRunStore.getState();
    expect(detail!.tasks).toHaveLength(WIDTH);
    expect(detail!.tasks.map((t) => t.taskId).slice(0, 3)).toEqual(['2', '3', '4']);
    const count = (status: string): number => detail!.tasks.filter((t) => t.status === status).length;
    expect([count('succeeded'), count('failed'), count('running')]).toEqual([WIDTH - 2, 1, 1]);
    expect(detail!.tasks[9]).toMatchObject({ pathspec: `${RUN}/work/11`, status: 'failed', message: 'ValueError: nine', artifacts: [] });
    expect(logs.stdout).toBe('hello from 7\n');
    expect(detail!.run.status).toBe('running');
  });

  test("a run's end in a batch shows at once, then reads the records once", async () => {
    const events = wideRun();
    useRunStore.getState().applyEvents(events);
    let updates = 0;
    const stop = useRunStore.subscribe(() => (updates += 1));
    useRunStore.getState().applyEvents([{ pathspec: RUN, event: { type: 'run-finished', status: 'failed', message: 'a task failed' } }]);
    expect(updates).toBe(1);
    expect(useRunStore.getState().detail!.run.status).toBe('failed');
    await new Promise((resolve) => setTimeout(resolve, 0));
    stop();
    expect(calls.filter((c) => c.method === 'runs.get')).toEqual([{ method: 'runs.get', args: { pathspec: RUN } }]);
  });

  test("another run's events and events that change nothing make no update", () => {
    let updates = 0;
    const stop = useRunStore.subscribe(() => (updates += 1));
    useRunStore.getState().applyEvents([
      { pathspec: 'WideFlow/2', event: { type: 'task-queued', step: 'work', taskId: '2' } },
      { pathspec: RUN, event: { type: 'run-started', flow: 'WideFlow', runId: '1' } },
      { pathspec: RUN, event: { type: 'task-log', step: 'work', taskId: '3', attempt: 0, stream: 'stdout', line: 'not on screen' } },
    ]);
    stop();
    expect(updates).toBe(0);
  });
});
