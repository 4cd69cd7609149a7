import { parseArgs } from 'node:util';
import { ErrorCode, FlowbenchError, isFlowbenchError } from '../errors/flowbench-error.js';
import { processOutput, type CliOutput } from './output.js';
import type { CommandContext } from './command-context.js';
import { openStore } from './open-store.js';

// Commands are imported when they run, so `flowbench --help` or `flowbench runs` never loads the
// Docker client, DuckDB or the server (issue 11: a CLI that starts at once; docs/speed.md, "The
// command line"). The settings and the store, which every other command opens, are imported
// with this module: in the bundle they then share its file instead of making chunks of their own.

export const USAGE = `Usage: flowbench <command> [options]

Commands:
  run FLOW.py [--param NAME=VALUE]... [--tag TAG]... [--max-workers N] [--max-num-splits N]
              [--backend local|docker|remote:NAME] [--image IMAGE] [--json]
                                     run a flow; progress on stderr, exit code 0 only on success
  resume FLOW.py [RUN_ID] [--from STEP] [--param NAME=VALUE]... [--max-workers N] [--backend B] [--image IMAGE] [--json]
                                     re-run a failed run from its failed step with the file as it is now
                                     (default: your newest failed run; the origin's parameters unless given)
  runs [FLOW] [--json]               list runs, newest first
  show PATHSPEC [--json]             a run (Flow/RunId), a step (…/step) or a task (…/step/TaskId)
  artifact PATHSPEC NAME [--json]    print an artifact's value (PATHSPEC: a task, or a step with one task)
  logs PATHSPEC [--stderr] [--attempt N]
                                     print a task's stdout (or stderr); attempts count from 0
  serve [--port N] [--no-open] [--root DIR]
                                     the app in your browser: prints "Flowbench is serving at URL"
                                     (127.0.0.1 only, with a secret token; --port 0 picks a free port)

Inspecting (SQL over every run, through the DuckDB index):
  runs [FLOW] [--namespace user:NAME|TAG|all] [--tag TAG]... [--status STATUS] [--json]
  query "SQL" [--json | --csv]       read-only SQL over the views runs, params, tasks, artifacts,
                                     metrics and artifact('Flow/RunId/step', 'name')
  compare PATHSPEC_A PATHSPEC_B [--json]
                                     two runs side by side: parameters, metrics, artifacts, tags, code

Sharing (a shared S3 namespace):
  remote add NAME s3://BUCKET/PREFIX [--endpoint URL] [--region R] [--profile P]
  remote list | remote remove NAME
  push [--remote NAME] [--json]      send finished runs not yet on the remote
  pull [--remote NAME] [--json]      bring teammates' run records (artifacts come when opened)
  sync [--remote NAME] [--json]      pull, then push
  tag add|remove PATHSPEC TAG...     tags of a run (synced; the run record stays as written)
  fetch-blob SHA...                  make blobs local (from the remotes if needed); prints their paths, one a line
  python-path                        the folder to put on PYTHONPATH for "from flowbench import Flow"

Environment:
  FLOWBENCH_HOME     the store (default ~/.flowbench)     FLOWBENCH_USER    who you are (default: OS user)
  FLOWBENCH_PYTHON   interpreter for local tasks (default: your virtualenv or conda env, else python3 on PATH)
  FLOWBENCH_WARM_WORKERS=0   start a fresh interpreter per task instead of forking a warm one
  FLOWBENCH_COMPILE_CACHE=0  compile the command from source every time (no cache in ~/.cache/flowbench)
  FLOWBENCH_DOCKER_IMAGE     image of Docker steps without @docker(image=) or --image

Backends: --backend docker runs every step in a container on this machine's Docker engine,
remote:NAME on a host from $FLOWBENCH_HOME/config.json "dockerHosts"; a step with @docker runs in
a container whatever the run's backend. See docs/docker.md.`;

/**
 * The lines of USAGE about one command (a command can appear in more than one section, as `runs`
 * does), or null when USAGE has none.
 */
export function usageOf(command: string): string | null {
  const lines = USAGE.split('\n');
  const picked: string[] = [];
  lines.forEach((line, i) => {
    if (!line.startsWith(`  ${command} `) && line !== `  ${command}` && !line.startsWith(`  ${command}|`)) return;
    picked.push(line);
    for (let next = i + 1; next < lines.length && lines[next]!.startsWith('   '); next += 1) picked.push(lines[next]!);
  });
  return picked.length === 0 ? null : `Usage: flowbench ${command} [options]\n\n${picked.join('\n')}\n\nAll commands: flowbench --help`;
}

function unknownCommand(command: string): FlowbenchError {
  return new FlowbenchError(ErrorCode.badArgument, `Unknown command "${command}". Run "flowbench --help" for the commands.`);
}

/** `flowbench COMMAND --help` (or -h) before any `--` that ends the options. */
function asksForHelp(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

function positiveInteger(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new FlowbenchError(ErrorCode.badArgument, `${option} expects a positive whole number, got ${JSON.stringify(value)}.`);
  }
  return Number(value);
}

function requirePositional(positionals: string[], index: number, what: string, command: string): string {
  const value = positionals[index];
  if (value === undefined) throw new FlowbenchError(ErrorCode.badArgument, `flowbench ${command}: missing ${what}. Run "flowbench --help".`);
  return value;
}

/** The composition root of the CLI: config → store → the command (each loaded when it runs). */
async function dispatch(argv: string[], output: CliOutput, env: NodeJS.ProcessEnv): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    output.out(USAGE);
    return command === undefined ? 1 : 0;
  }
  if (asksForHelp(rest)) {
    const help = usageOf(command);
    if (help === null) throw unknownCommand(command);
    output.out(help);
    return 0;
  }
  if (command === 'serve') {
    const { serveCommand } = await import('./commands/serve.js');
    return serveCommand(rest, output, env, { signal: stopSignal() });
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    strict: true,
    options: {
      param: { type: 'string', multiple: true },
      tag: { type: 'string', multiple: true },
      'max-workers': { type: 'string' },
      'max-num-splits': { type: 'string' },
      from: { type: 'string' },
      json: { type: 'boolean' },
      csv: { type: 'boolean' },
      stderr: { type: 'boolean' },
      attempt: { type: 'string' },
      backend: { type: 'string' },
      image: { type: 'string' },
      namespace: { type: 'string' },
      status: { type: 'string' },
      remote: { type: 'string' },
      endpoint: { type: 'string' },
      region: { type: 'string' },
      profile: { type: 'string' },
    },
  });
  const json = values.json === true;
  const { settings, store } = openStore(env);
  const context: CommandContext = { settings, store, output, env, values, positionals, json, signal: stopSignal };

  switch (command) {
    case 'run':
    case 'resume': {
      const flowPath = requirePositional(positionals, 0, 'the flow file (FLOW.py)', command);
      const { BackendChoice, parseBackendName } = await import('../composition/backend-choice.js');
      const backend = new BackendChoice(parseBackendName(values.backend, settings), settings, { image: values.image ?? null, env });
      // Python starts now, while Node loads the rest of the engine and reads the flow.
      backend.startInterpreter();
      try {
        const { parseParameterPairs, runCommand } = await import('./commands/run.js');
        const maxWorkers = positiveInteger('--max-workers', values['max-workers']);
        const maxNumSplits = positiveInteger('--max-num-splits', values['max-num-splits']);
        const code = await runCommand(
          { store, backend, user: settings.user, python: { python: settings.python, runtimePath: settings.runtimePath } },
          {
            flowPath,
            parameters: parseParameterPairs(values.param ?? []),
            tags: values.tag ?? [],
            json,
            ...(maxWorkers !== undefined ? { maxWorkers } : {}),
            ...(maxNumSplits !== undefined ? { maxNumSplits } : {}),
            ...(command === 'resume'
              ? { resume: { ...(positionals[1] ? { runId: positionals[1] } : {}), ...(values.from ? { fromStep: values.from } : {}) } }
              : {}),
          },
          output,
        );
        // After the result is out, so the run is neither slowed nor failed by the remote; the
        // warm worker ends meanwhile, and the command does not wait for its teardown.
        const closing = backend.close({ release: true });
        const { autoPush } = await import('../sync/auto-push.js');
        await Promise.all([autoPush(store, settings, { info: (line) => output.err(line), warn: (line) => output.err(line) }), closing]);
        return code;
      } finally {
        await backend.close();
      }
    }
    case 'runs':
      return (await import('./commands/runs.js')).runsCommand(context);
    case 'show':
      return (await import('./commands/show.js')).showCommand(store, requirePositional(positionals, 0, 'a PATHSPEC', command), json, output);
    case 'artifact':
      return (await import('./commands/artifact.js')).artifactCommand(
        store,
        settings.python,
        requirePositional(positionals, 0, 'a PATHSPEC', command),
        requirePositional(positionals, 1, 'the artifact NAME', command),
        json,
        output,
      );
    case 'logs':
      return (await import('./commands/logs.js')).logsCommand(
        store,
        requirePositional(positionals, 0, 'a PATHSPEC', command),
        values.stderr ? 'stderr' : 'stdout',
        values.attempt === undefined ? undefined : positiveInteger('--attempt', String(Number(values.attempt) + 1))! - 1,
        output,
      );
    case 'query':
      return (await import('./commands/query.js')).queryCommand(context, requirePositional(positionals, 0, 'the SQL query', command));
    case 'compare':
      return (await import('./commands/compare.js')).compareCommand(
        context,
        requirePositional(positionals, 0, 'the first run (Flow/RunId)', command),
        requirePositional(positionals, 1, 'the second run (Flow/RunId)', command),
      );
    case 'remote':
      return (await import('./commands/remote.js')).remoteCommand(context);
    case 'push':
    case 'pull':
    case 'sync':
      return (await import('./commands/sync.js')).syncCommand(context, command);
    case 'tag':
      return (await import('./commands/tag.js')).tagCommand(context);
    case 'python-path':
      return (await import('./commands/python-path.js')).pythonPathCommand(context);
    case 'fetch-blob':
      // Used by the Python client: makes a pulled run's blobs local and prints their paths.
      requirePositional(positionals, 0, 'a sha256 digest', command);
      return (await import('./commands/fetch-blob.js')).fetchBlobCommand(context, positionals);
    default:
      throw unknownCommand(command);
  }
}

/** Aborted on Ctrl-C or SIGTERM, for commands that run until stopped. */
function stopSignal(): AbortSignal {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return controller.signal;
}

/**
 * Runs the CLI and returns its exit code. Every expected failure ends as one clear line on
 * stderr (`flowbench: ...`) and a non-zero code, never a stack trace.
 */
export async function main(argv: string[], output: CliOutput = processOutput, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    return await dispatch(argv, output, env);
  } catch (error) {
    if (isFlowbenchError(error)) {
      output.err(`flowbench: ${error.message}`);
      return 2;
    }
    if (error instanceof TypeError && 'code' in error && String((error as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
      output.err(`flowbench: ${error.message}. Run "flowbench --help".`);
      return 2;
    }
    output.err(`flowbench: internal error: ${(error as Error).stack ?? String(error)}`);
    return 70;
  }
}
