/**
 * The zod schemas of what the engine pushes to the UI (contract.ts types it; this file checks
 * it), kept apart only for length. Imports zod and types, like the contract itself: the preload
 * bundles it and the renderer compiles it with DOM-only settings.
 */
import { z } from 'zod';
import type { RunEvent } from '../runtime/events.js';

const text = z.string();
const name = z.string().min(1);
const count = z.number().int().nonnegative();

/** One run event (engine/runtime/events.ts), exactly. */
export const runEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('run-started'), flow: name, runId: name, origin: text.optional() }),
  z.strictObject({ type: z.literal('task-queued'), step: name, taskId: name }),
  z.strictObject({ type: z.literal('task-started'), step: name, taskId: name, attempt: count }),
  z.strictObject({ type: z.literal('task-log'), step: name, taskId: name, attempt: count, stream: z.enum(['stdout', 'stderr']), line: text }),
  z.strictObject({ type: z.literal('task-retrying'), step: name, taskId: name, attempt: count, reason: text, delayMs: z.number().nonnegative() }),
  z.strictObject({
    type: z.literal('task-finished'),
    step: name,
    taskId: name,
    status: z.enum(['succeeded', 'failed', 'cancelled']),
    durationMs: z.number().nonnegative(),
    cloned: z.boolean().optional(),
    message: text.optional(),
  }),
  z.strictObject({ type: z.literal('run-finished'), status: z.enum(['succeeded', 'failed', 'cancelled']), message: text.optional() }),
]);
// The schema and the runtime's type must describe the same events (a compile error otherwise).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesRunEvent: Same<z.infer<typeof runEventSchema>, RunEvent> = true;
void schemaMatchesRunEvent;

export const syncProgressSchema = z.strictObject({
  remote: name,
  phase: z.enum(['pull', 'push']),
  objectsDone: count,
  objectsTotal: count,
  bytesDone: count,
  bytesTotal: count,
  done: z.boolean(),
});

/**
 * A flow document is the engine's own answer to `flows.open` (the same object every request
 * returns); here only its identity is checked, not its whole graph again.
 */
export const flowDocumentShape = z.looseObject({ path: name, source: text, graph: z.looseObject({ steps: z.array(z.unknown()) }) });
