import type { FlowbenchConfig } from '../config/config.js';
import type { RunStore } from '../store/run-store.js';
import type { CliOutput } from './output.js';

/** What every command gets from the composition root (engine/cli/main.ts). */
export interface CommandContext {
  readonly settings: FlowbenchConfig;
  readonly store: RunStore;
  readonly output: CliOutput;
  readonly env: NodeJS.ProcessEnv;
  /** The parsed options (see main.ts for the list); a command reads only its own. */
  readonly values: {
    readonly tag?: string[] | undefined;
    readonly json?: boolean | undefined;
    readonly csv?: boolean | undefined;
    readonly namespace?: string | undefined;
    readonly status?: string | undefined;
    readonly remote?: string | undefined;
    readonly endpoint?: string | undefined;
    readonly region?: string | undefined;
    readonly profile?: string | undefined;
  };
  readonly positionals: readonly string[];
  readonly json: boolean;
  /** An AbortSignal aborted on Ctrl-C or SIGTERM (for long transfers). */
  readonly signal: () => AbortSignal;
}
