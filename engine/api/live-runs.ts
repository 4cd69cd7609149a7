import type { FlowRun } from '../runtime/flow-run.js';
import type { RunEvent } from '../runtime/events.js';
import { applyRunEvent, type LiveTask } from './run-views.js';

interface LiveRun {
  readonly run: FlowRun;
  readonly tasks: Map<string, LiveTask>;
}

/**
 * The runs this process is running, with what their events said about each task so far. A run
 * leaves the table once it is done: from then on the store's records are complete.
 */
export class LiveRuns {
  private readonly runs = new Map<string, LiveRun>();

  constructor(
    private readonly onEvent: (pathspec: string, event: RunEvent) => void,
    private readonly now: () => string = () => new Date().toISOString(),
  ) {}

  /**
   * Starts following a run that was just started (before its first event). Resolves once the
   * run is recorded in the store (or has ended without it), so `runs.get` finds it at once.
   */
  follow(run: FlowRun): Promise<void> {
    const live: LiveRun = { run, tasks: new Map() };
    const pathspec = run.pathspec;
    this.runs.set(pathspec, live);
    let recorded!: () => void;
    const isRecorded = new Promise<void>((resolve) => (recorded = resolve));
    const unsubscribe = run.subscribe((event) => {
      applyRunEvent(live.tasks, event, this.now);
      this.onEvent(pathspec, event);
      if (event.type === 'run-started' || event.type === 'run-finished') recorded();
    });
    void run.done.finally(() => {
      unsubscribe();
      this.runs.delete(pathspec);
      recorded();
    });
    return isRecorded;
  }

  tasks(pathspec: string): ReadonlyMap<string, LiveTask> | undefined {
    return this.runs.get(pathspec)?.tasks;
  }

  /** Cancels a live run; false when this process is not running it. */
  cancel(pathspec: string): boolean {
    const live = this.runs.get(pathspec);
    if (!live) return false;
    live.run.cancel();
    return true;
  }

  /** Cancels every live run and waits (up to `timeoutMs`) for them to end. */
  async cancelAll(timeoutMs = 10_000): Promise<void> {
    const done = [...this.runs.values()].map((live) => {
      live.run.cancel();
      return live.run.done;
    });
    await Promise.race([Promise.allSettled(done), new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
  }
}
