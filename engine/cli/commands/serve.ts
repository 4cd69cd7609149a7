import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { createApi } from '../../api/create-api.js';
import { defaultEditor } from '../../api/editor-bindings.js';
import { backendChoices } from '../../composition/backend-choice.js';
import { loadConfig } from '../../config/config.js';
import { ErrorCode, FlowbenchError } from '../../errors/flowbench-error.js';
import { appVersion, rendererDir } from '../../server/app-paths.js';
import { writeRedirectFile, type RedirectFile } from '../../server/browser-launch.js';
import { startServer } from '../../server/flowbench-server.js';
import { RunStore } from '../../store/run-store.js';
import { remoteBlobFetcher } from '../../sync/remote-fetcher.js';
import type { CliOutput } from '../output.js';

/** The first line `flowbench serve` prints; e2e tests read the URL from it. */
export const SERVING_PREFIX = 'Flowbench is serving at ';

export interface ServeOptions {
  /** Stops the server (the CLI aborts it on SIGINT/SIGTERM). */
  readonly signal?: AbortSignal;
  /** Where the built renderer is (default: out/renderer of this install). */
  readonly staticDir?: string;
  /**
   * Opens the browser (default: xdg-open / open / start) at a `file://` URL of a short-lived page
   * that redirects to the server: the token never appears in a process's arguments.
   */
  readonly openBrowser?: (url: string) => void;
}

/**
 * `flowbench serve [--port N] [--no-open] [--root DIR]`: the composition root of browser mode.
 * Prints `Flowbench is serving at http://127.0.0.1:PORT/?token=TOKEN` as its first stdout line,
 * then serves until interrupted; runs still going are cancelled on the way out.
 */
export async function serveCommand(argv: string[], output: CliOutput, env: NodeJS.ProcessEnv, options: ServeOptions = {}): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: { port: { type: 'string' }, 'no-open': { type: 'boolean' }, root: { type: 'string' } },
  });
  const port = values.port === undefined ? 8791 : Number(values.port);
  if (!/^\d+$/.test(values.port ?? '0') || port > 65535) {
    throw new FlowbenchError(ErrorCode.badArgument, `--port expects a port number (0 picks a free one), got ${JSON.stringify(values.port)}.`);
  }
  const config = loadConfig(env);
  const backends = backendChoices(config, env);
  const closeBackends = (): Promise<unknown> => Promise.all(Object.values(backends).map((choice) => choice.close()));
  const store = RunStore.open(config.home);
  // Teammates' blobs come from the remotes when first opened (the AWS SDK loads only then).
  store.blobs.setFetcher(remoteBlobFetcher(config.home));
  const api = createApi({
    config,
    store,
    backends,
    defaultBackend: 'local',
    editor: defaultEditor,
    mode: 'browser',
    version: appVersion(),
    cwd: process.cwd(),
    ...(values.root !== undefined ? { root: values.root } : {}),
  });
  let server;
  let launch: RedirectFile | null = null;
  try {
    server = await startServer({ api, port, staticDir: options.staticDir ?? rendererDir(), onSession: () => void launch?.remove() });
  } catch (error) {
    await api.close();
    await closeBackends();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new FlowbenchError(ErrorCode.badArgument, `Port ${port} is in use; pick another with --port N (0 picks a free one).`);
    throw error;
  }
  output.out(`${SERVING_PREFIX}${server.url}`);
  output.err('Anyone with this URL can run code as you: keep the token to yourself. Press Ctrl-C to stop.');
  if (!values['no-open']) {
    launch = await writeRedirectFile(server.url);
    (options.openBrowser ?? ((url: string) => openInBrowser(url, env)))(launch.url);
  }

  await new Promise<void>((resolve) => {
    if (options.signal?.aborted) return resolve();
    options.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  await launch?.remove();
  await server.close();
  await api.close();
  await closeBackends();
  return 0;
}

function openInBrowser(url: string, env: NodeJS.ProcessEnv): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(command as string, args as string[], { detached: true, stdio: 'ignore', env });
    child.on('error', () => undefined); // no browser here: the printed URL is enough
    child.unref();
  } catch {
    // Same: the URL is printed.
  }
}
