/**
 * What the store keeps about runs. Every record is an immutable JSON object written once
 * (logs are the only append-only files), so records sync to S3 as plain objects and two people
 * never write the same key: run ids are globally unique.
 *
 * Layout under the store root:
 *   blobs/sha256/ab/<sha>                                   artifact values, tables, flow code
 *   runs/<Flow>/<RunId>/run.json                            RunRecord      (at start)
 *   runs/<Flow>/<RunId>/end.json                            RunEndRecord   (at the end)
 *   runs/<Flow>/<RunId>/tasks/<step>/<TaskId>/task.json     TaskRecord     (when the task is done)
 *   runs/<Flow>/<RunId>/tasks/<step>/<TaskId>/attempt-<n>/start.json   AttemptStartRecord
 *   runs/<Flow>/<RunId>/tasks/<step>/<TaskId>/attempt-<n>/end.json     AttemptEndRecord
 *   runs/<Flow>/<RunId>/tasks/<step>/<TaskId>/attempt-<n>/stdout.log   (append-only while it runs)
 *   runs/<Flow>/<RunId>/tasks/<step>/<TaskId>/attempt-<n>/stderr.log
 *   runs/<Flow>/<RunId>/tags/<EventId>.json                 TagEventRecord (tags added/removed later)
 *   tag-events/<EventId>.<Flow>.<RunId>                     empty: a tag event made in this store (for push)
 *
 * Runs pulled from a teammate through a remote land in the same layout (run ids are globally
 * unique); their blobs arrive when first opened (ContentAddressedStore.ensureLocal).
 */

export const RunStatus = {
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  cancelled: 'cancelled',
} as const;
export type RunStatus = (typeof RunStatus)[keyof typeof RunStatus];

export const TaskStatus = {
  succeeded: 'succeeded',
  failed: 'failed',
  cancelled: 'cancelled',
} as const;
export type TaskStatus = (typeof TaskStatus)[keyof typeof TaskStatus];

export interface RunRecord {
  readonly version: 1;
  readonly flow: string;
  readonly runId: string;
  /** Absolute path of the flow file the run was started from (on the machine that ran it). */
  readonly flowFile: string;
  /** sha256 of the flow's source at start: a run's code can always be seen later. */
  readonly codeSha: string;
  /**
   * The run's code package: a blob holding JSON `{ "version": 1, "entry": "flow.py", "files":
   * { "<relative path>": "<sha256>" } }` — the flow file and the local modules it imports from
   * its folder. Every task runs from this snapshot, never from the live file. Absent on runs
   * recorded before packages existed.
   */
  readonly codePackageSha?: string;
  /** The interpreter local tasks ran with. */
  readonly python?: { readonly path: string; readonly version: string };
  readonly user: string;
  readonly tags: readonly string[];
  /** Parameter values as resolved: exactly what every task sees (defaults evaluated once). */
  readonly parameters: { readonly [name: string]: unknown };
  readonly startedAt: string;
  readonly backend: string;
  readonly maxWorkers: number;
  /** Set for a resumed run: the run it resumed and the step it re-ran from. */
  readonly origin?: { readonly runId: string; readonly fromStep: string };
  /** Which process runs it, so a reader can tell a live run from one whose engine died. */
  readonly engine: { readonly host: string; readonly pid: number };
}

export interface RunEndRecord {
  readonly version: 1;
  readonly status: Exclude<RunStatus, 'running'>;
  readonly finishedAt: string;
  /** For a failed run: what failed, in a sentence. */
  readonly message?: string;
  /** Steps whose tasks failed (resume starts from the earliest). */
  readonly failedSteps?: readonly string[];
}

export interface TableRecord {
  readonly sha: string;
  readonly format: 'parquet';
  readonly rows: number;
  readonly columns: readonly { readonly name: string; readonly dtype: string }[];
}

export interface ArtifactRecord {
  readonly sha: string;
  readonly encoding: 'json' | 'pickle';
  /** The Python type, e.g. `int`, `pandas.core.frame.DataFrame`. */
  readonly type: string;
  readonly size: number;
  readonly preview: string;
  readonly table?: TableRecord;
  /**
   * A picture to show instead of a repr: PNG/JPEG `bytes`, or a matplotlib figure saved as PNG by
   * the task that made it, so viewing it reads a blob and runs nothing.
   */
  readonly image?: ImageRecord;
}

export interface ImageRecord {
  readonly sha: string;
  readonly mime: 'image/png' | 'image/jpeg';
}

export interface TransitionRecord {
  readonly kind: 'linear' | 'branch' | 'foreach' | 'switch' | 'end';
  readonly targets: readonly string[];
  readonly foreachVar?: string;
  readonly numSplits?: number;
  readonly switchCase?: string;
}

/** One frame of the task's position inside splits (outermost first). */
export interface SplitFrame {
  readonly kind: 'branch' | 'foreach';
  /** The step that split. */
  readonly step: string;
  /** The splitting task's id: frames with the same id belong to the same split. */
  readonly splitTaskId: string;
  readonly index: number;
  readonly width: number;
  readonly foreachVar?: string;
}

export interface TaskRecord {
  readonly version: 1;
  readonly step: string;
  readonly taskId: string;
  readonly status: TaskStatus;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly attempts: number;
  readonly splitStack: readonly SplitFrame[];
  /** Pathspecs of the tasks whose outputs this task read. */
  readonly inputs: readonly string[];
  readonly artifacts: { readonly [name: string]: ArtifactRecord };
  readonly transition?: TransitionRecord;
  /** Set when `@catch` caught an exception: the task counts as succeeded. */
  readonly caught?: { readonly type: string; readonly message: string };
  readonly exception?: { readonly type: string; readonly message: string; readonly traceback?: string };
  /** For a task cloned by resume: the task whose results it reuses. */
  readonly origin?: string;
}

export interface AttemptStartRecord {
  readonly version: 1;
  readonly attempt: number;
  readonly startedAt: string;
  readonly backend: string;
}

export interface AttemptEndRecord {
  readonly version: 1;
  readonly attempt: number;
  readonly status: 'succeeded' | 'failed' | 'cancelled' | 'timeout' | 'caught';
  readonly finishedAt: string;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly message?: string;
}

/**
 * A tag added to or removed from a run after it was written (`flowbench tag add|remove`). The
 * run record is never rewritten: a run's tags are its record's tags, then every event in the
 * order of their ids (ULIDs, so time order). Events sync like every other record.
 */
export interface TagEventRecord {
  readonly version: 1;
  readonly op: 'add' | 'remove';
  readonly tag: string;
  readonly user: string;
  readonly at: string;
}

/** A run's tags: the record's, then each event applied in id order. */
export function foldTags(recordTags: readonly string[], events: readonly TagEventRecord[]): string[] {
  const tags = [...recordTags];
  for (const event of events) {
    const at = tags.indexOf(event.tag);
    if (event.op === 'add' && at < 0) tags.push(event.tag);
    if (event.op === 'remove' && at >= 0) tags.splice(at, 1);
  }
  return tags;
}
