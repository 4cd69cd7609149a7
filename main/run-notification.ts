import type { ApiEvent } from '../engine/api/contract.js';
import { assertNever } from '../engine/errors/assert-never.js';

export interface NotificationText {
  readonly title: string;
  readonly body: string;
}

/**
 * The desktop notification for an engine event, or null: one when a run ends (succeeded, failed
 * or cancelled), none for anything else.
 */
export function runNotification(event: ApiEvent): NotificationText | null {
  if (event.event !== 'run.event' || event.payload.event.type !== 'run-finished') return null;
  const { pathspec } = event.payload;
  const { status, message } = event.payload.event;
  switch (status) {
    case 'succeeded':
      return { title: 'Run succeeded', body: pathspec };
    case 'failed':
      return { title: 'Run failed', body: message ? `${pathspec}: ${message}` : pathspec };
    case 'cancelled':
      return { title: 'Run cancelled', body: pathspec };
    default:
      return assertNever(status, 'run status');
  }
}
