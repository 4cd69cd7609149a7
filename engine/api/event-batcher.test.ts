import { describe, expect, test } from 'vitest';
import type { RunEvent } from '../runtime/events.js';
import { apiEventBatchSchema, type ApiEvent, type ApiEventBatch } from './contract.js';
import { EventBatcher, type BatchTimers } from './event-batcher.js';

/** A clock the test moves by hand: timers fire when `advance` passes their time. */
class ManualTimers implements BatchTimers {
  now = 0;
  private next = 1;
  private readonly due = new Map<number, { at: number; callback: () => void }>();
  set(callback: () => void, ms: number): unknown {
    const id = this.next++;
    this.due.set(id, { at: this.now + ms, callback });
    return id;
  }
  clear(handle: unknown): void {
    this.due.delete(handle as number);
  }
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const first = [...this.due.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (first === undefined) break;
      this.due.delete(first[0]);
      this.now = first[1].at;
      first[1].callback();
    }
    this.now = until;
  }
  get pending(): number {
    return this.due.size;
  }
}

const run = (event: RunEvent, pathspec = 'F/1'): ApiEvent => ({ event: 'run.event', payload: { pathspec, event } });
const queued = (taskId: string, pathspec?: string): ApiEvent => run({ type: 'task-queued', step: 'work', taskId }, pathspec);
const ids = (batch: ApiEventBatch): string[] =>
  batch.events.map((e) => (e.event === 'run.event' ? ('taskId' in e.payload.event ? e.payload.event.taskId : e.payload.event.type) : e.event));

function setup(options: { ready?: () => boolean } = {}) {
  const timers = new ManualTimers();
  const sent: { at: number; batch: ApiEventBatch }[] = [];
  const invalid: string[] = [];
  const batcher = new EventBatcher((batch) => sent.push({ at: timers.now, batch }), { windowMs: 50, timers, onInvalid: (m) => invalid.push(m), ...options });
  return { timers, sent, invalid, batcher };
}

describe('EventBatcher', () => {
  test('the events of one window leave as one message, a window after the first of them', () => {
    const { timers, sent, batcher } = setup();
    batcher.push(queued('2'));
    timers.advance(20);
    batcher.push(queued('3'));
    timers.advance(29);
    expect(sent).toEqual([]);
    batcher.push(queued('4'));
    timers.advance(1);
    // A later event does not push the deadline back: nothing waits longer than the window.
    expect(sent.map((s) => [s.at, ids(s.batch)])).toEqual([[50, ['2', '3', '4']]]);
    timers.advance(500);
    expect(sent).toHaveLength(1);
    expect(timers.pending).toBe(0);
  });

  test("a run's end goes out at once, with everything before it, in order", () => {
    const { timers, sent, batcher } = setup();
    batcher.push(run({ type: 'run-started', flow: 'F', runId: '1' }));
    batcher.push(queued('2'));
    batcher.push(run({ type: 'task-finished', step: 'work', taskId: '2', status: 'succeeded', durationMs: 3 }));
    timers.advance(10);
    batcher.push(run({ type: 'run-finished', status: 'succeeded' }));
    expect(sent.map((s) => [s.at, ids(s.batch)])).toEqual([[10, ['run-started', '2', '2', 'run-finished']]]);
    expect(timers.pending).toBe(0);
    // What leaves is the contract's batch message.
    expect(apiEventBatchSchema.safeParse(JSON.parse(JSON.stringify(sent[0]!.batch))).success).toBe(true);
  });

  test('a failed task and an event that is not a run event are not held back either', () => {
    const { sent, batcher } = setup();
    batcher.push(queued('2'));
    batcher.push(run({ type: 'task-finished', step: 'work', taskId: '2', status: 'failed', durationMs: 3, message: 'ValueError: x' }));
    batcher.push(queued('3'));
    batcher.push({ event: 'sync.progress', payload: { remote: 'team', phase: 'pull', objectsDone: 1, objectsTotal: 2, bytesDone: 5, bytesTotal: 9, done: false } });
    expect(sent.map((s) => ids(s.batch))).toEqual([['2', '2'], ['3', 'sync.progress']]);
  });

  test('order holds across batches and runs, for many events', () => {
    const { timers, sent, batcher } = setup();
    const pushed: string[] = [];
    for (let i = 0; i < 1000; i += 1) {
      const id = String(i);
      batcher.push(queued(id, i % 2 === 0 ? 'F/1' : 'F/2'));
      pushed.push(id);
      if (i % 7 === 0) timers.advance(9);
    }
    timers.advance(50);
    expect(sent.flatMap((s) => ids(s.batch))).toEqual(pushed);
    // About one message per window, not one per event.
    expect(sent.length).toBeLessThan(200);
  });

  test('a slow consumer gets fewer, larger messages once it is ready, and loses nothing', () => {
    let ready = false;
    const { timers, sent, batcher } = setup({ ready: () => ready });
    for (let i = 0; i < 5; i += 1) {
      batcher.push(queued(String(i)));
      timers.advance(50);
    }
    // Even a run's end waits behind what the consumer has not taken: order first.
    batcher.push(run({ type: 'run-finished', status: 'succeeded' }));
    expect(sent).toEqual([]);
    expect(batcher.size).toBe(6);
    ready = true;
    timers.advance(50);
    expect(sent.map((s) => ids(s.batch))).toEqual([['0', '1', '2', '3', '4', 'run-finished']]);
    expect(timers.pending).toBe(0);
  });

  test('an event the contract does not describe is refused with a sentence, not sent', () => {
    const { timers, sent, invalid, batcher } = setup();
    batcher.push(run({ type: 'task-started', step: 'work', taskId: '2', attempt: -1 }));
    batcher.push({ event: 'run.event', payload: { pathspec: 'F/1', event: { type: 'task-exploded' } } } as unknown as ApiEvent);
    batcher.push(queued('3'));
    timers.advance(50);
    expect(sent.map((s) => ids(s.batch))).toEqual([['3']]);
    expect(invalid).toHaveLength(2);
    expect(invalid[0]).toMatch(/^The engine made an event the contract does not describe \(run\.event\): payload\.event\.attempt: /);
  });

  test('close drops what waits and sends nothing more', () => {
    const { timers, sent, batcher } = setup();
    batcher.push(queued('2'));
    batcher.close();
    batcher.push(queued('3'));
    timers.advance(100);
    expect(sent).toEqual([]);
    expect(timers.pending).toBe(0);
  });
});
