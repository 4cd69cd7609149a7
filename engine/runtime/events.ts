import type { RunStatus, TaskStatus } from '../store/records.js';

/**
 * Everything a run reports while it goes, in order. The CLI prints them; the app subscribes to
 * them to colour nodes and stream logs.
 */
export type RunEvent =
  | { readonly type: 'run-started'; readonly flow: string; readonly runId: string; readonly origin?: string }
  | { readonly type: 'task-queued'; readonly step: string; readonly taskId: string }
  | { readonly type: 'task-started'; readonly step: string; readonly taskId: string; readonly attempt: number }
  | {
      readonly type: 'task-log';
      readonly step: string;
      readonly taskId: string;
      readonly attempt: number;
      readonly stream: 'stdout' | 'stderr';
      readonly line: string;
    }
  | {
      readonly type: 'task-retrying';
      readonly step: string;
      readonly taskId: string;
      readonly attempt: number;
      readonly reason: string;
      readonly delayMs: number;
    }
  | {
      readonly type: 'task-finished';
      readonly step: string;
      readonly taskId: string;
      readonly status: TaskStatus;
      readonly durationMs: number;
      /** Resume reused this task's results from the origin run instead of running it. */
      readonly cloned?: boolean;
      readonly message?: string;
    }
  | { readonly type: 'run-finished'; readonly status: Exclude<RunStatus, 'running'>; readonly message?: string };

export type RunEventListener = (event: RunEvent) => void;
