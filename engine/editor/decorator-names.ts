/** Decorators the `flowbench` (and `metaflow`) package exports: these get imported when used. */
export const KNOWN_DECORATORS = new Set([
  'batch', 'card', 'catch', 'conda', 'conda_base', 'docker', 'environment', 'kubernetes', 'project', 'pypi', 'pypi_base',
  'resources', 'retry', 'schedule', 'secrets', 'step', 'timeout', 'trigger', 'trigger_on_finish',
]);

const DECORATOR_NAME = /^[\p{L}_][\p{L}\p{N}_]*$/u;

export function invalidDecoratorReason(name: string): string | null {
  return DECORATOR_NAME.test(name) ? null : `"${name}" is not a decorator name: use letters, digits and underscores (e.g. "retry").`;
}

/** What follows `@` in an existing decorator, up to its arguments: `retry`, `metaflow.retry`. */
export function decoratorHead(text: string): string {
  const open = text.indexOf('(');
  return (open === -1 ? text : text.slice(0, open)).slice(1).trim();
}
