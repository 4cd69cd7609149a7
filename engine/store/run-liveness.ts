import type { RunRecord, RunStatus } from './records.js';

/**
 * Whether a run without `end.json` is still running. The engine that runs it rewrites
 * `runs/<Flow>/<RunId>/heartbeat` every few seconds (the one mutable file of a run, removed once
 * `end.json` is written). A reader on the engine's own host asks the kernel whether the engine
 * process is alive; a reader elsewhere (a store shared over NFS, a run pulled from a teammate)
 * can only look at the heartbeat's age.
 */

/** How often a live run's heartbeat is rewritten. */
export const HEARTBEAT_INTERVAL_MS = 5_000;

/**
 * After how long without a heartbeat a run of another host reads as failed ("engine lost"): a
 * dozen missed beats, so a busy disk or a small clock difference between hosts is not a death.
 */
export const ENGINE_LOST_AFTER_MS = 60_000;

/** The heartbeat file's content. */
export interface HeartbeatRecord {
  readonly version: 1;
  /** When it was written, by the engine's clock. */
  readonly at: string;
  readonly host: string;
  readonly pid: number;
}

export interface Liveness {
  readonly status: Extract<RunStatus, 'running' | 'failed'>;
  /** Why a run without an end record counts as failed. */
  readonly note?: string;
  /**
   * The engine is certainly gone (its own host says so): its scratch folder may be removed.
   * A lost heartbeat from another host is a judgement, not a certainty, so it never is.
   */
  readonly engineGone: boolean;
}

export interface LivenessFacts {
  readonly record: RunRecord;
  /** The heartbeat as read, or null when there is none (an older run, or one pulled without it). */
  readonly heartbeat: HeartbeatRecord | null;
  readonly thisHost: string;
  /** Asked only for a run of this host. */
  readonly processAlive: (pid: number) => boolean;
  readonly now: number;
  readonly lostAfterMs?: number;
}

/**
 * Decides the status of a run that has no end record.
 *
 * @example
 * judgeLiveness({ record, heartbeat: null, thisHost: 'me', processAlive: () => false, now: Date.now() });
 * // { status: 'failed', note: 'the engine running it stopped before it finished', engineGone: true }
 */
export function judgeLiveness(facts: LivenessFacts): Liveness {
  const { record, heartbeat } = facts;
  if (record.engine.host === facts.thisHost) {
    if (facts.processAlive(record.engine.pid)) return { status: 'running', engineGone: false };
    return { status: 'failed', note: 'the engine running it stopped before it finished', engineGone: true };
  }
  // Without a heartbeat, the run's start is the last sign of life.
  const lastSign = heartbeat ? Date.parse(heartbeat.at) : Date.parse(record.startedAt);
  const lostAfter = facts.lostAfterMs ?? ENGINE_LOST_AFTER_MS;
  if (Number.isFinite(lastSign) && facts.now - lastSign <= lostAfter) return { status: 'running', engineGone: false };
  const since = Number.isFinite(lastSign) ? new Date(lastSign).toISOString() : 'its start';
  return {
    status: 'failed',
    note: `engine lost: no heartbeat from its engine on ${record.engine.host} since ${since}`,
    engineGone: false,
  };
}
