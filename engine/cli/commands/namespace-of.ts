import type { CommandContext } from '../command-context.js';

/** `--namespace` or the person's own runs. */
export function namespaceOf(context: CommandContext): string {
  return context.values.namespace ?? `user:${context.settings.user}`;
}
