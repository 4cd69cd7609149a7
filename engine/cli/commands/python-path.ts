import type { CommandContext } from '../command-context.js';

/**
 * `flowbench python-path`: the folder holding the `flowbench` Python package, to put on
 * PYTHONPATH so a notebook can `from flowbench import Flow` without installing anything
 * (or `pip install` that folder: it builds offline).
 *
 * @example PYTHONPATH=$(flowbench python-path) python3 -c "from flowbench import Flow"
 */
export async function pythonPathCommand(context: CommandContext): Promise<number> {
  context.output.out(context.settings.runtimePath);
  return 0;
}
