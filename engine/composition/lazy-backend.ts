import type { Backend, TaskEvent, TaskLaunch } from '../backends/backend.js';

/**
 * A backend made on its first task. The Docker client (dockerode, with ssh2 and grpc) takes
 * ~150 ms to import, which a local run, `flowbench runs` or `--help` should not pay; a run that
 * needs Docker pays it once, when its first container step starts.
 */
export class LazyBackend implements Backend {
  private made: Promise<Backend> | null = null;

  constructor(
    readonly name: string,
    private readonly make: () => Promise<Backend>,
  ) {}

  private backend(): Promise<Backend> {
    this.made ??= this.make();
    return this.made;
  }

  async *run(task: TaskLaunch, signal: AbortSignal): AsyncIterable<TaskEvent> {
    let backend: Backend;
    try {
      backend = await this.backend();
    } catch (error) {
      // Like a task that could not start: the run reports it and goes on as for any failure.
      this.made = null;
      yield { type: 'exited', exitCode: null, signal: null, message: (error as Error).message };
      return;
    }
    yield* backend.run(task, signal);
  }

  async runFinished(runId: string): Promise<void> {
    if (this.made) await (await this.made.catch(() => null))?.runFinished?.(runId);
  }

  async close(): Promise<void> {
    if (this.made) await (await this.made.catch(() => null))?.close();
  }
}
