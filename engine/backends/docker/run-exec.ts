import { Writable } from 'node:stream';
import type Docker from 'dockerode';

export interface ExecRequest {
  readonly cmd: readonly string[];
  readonly env?: { readonly [name: string]: string };
  readonly workingDir?: string;
  /** Where the demultiplexed output goes (discarded when absent). */
  readonly stdout?: Writable;
  readonly stderr?: Writable;
  /** Aborting kills the container: Docker cannot kill one exec, and the container is this task's alone. */
  readonly signal?: AbortSignal;
}

export interface ExecResult {
  readonly exitCode: number | null;
  /** The container was killed because the signal was aborted. */
  readonly killed: boolean;
}

const discard = (): Writable => new Writable({ write: (_chunk, _encoding, callback) => callback() });

/**
 * Runs a command in a running container and waits for it. The output is attached before the
 * command starts (nothing is lost) and split into stdout and stderr as it streams.
 */
export async function runExec(container: Docker.Container, request: ExecRequest): Promise<ExecResult> {
  const exec = await container.exec({
    Cmd: [...request.cmd],
    Env: Object.entries(request.env ?? {}).map(([name, value]) => `${name}=${value}`),
    ...(request.workingDir ? { WorkingDir: request.workingDir } : {}),
    AttachStdout: true,
    AttachStderr: true,
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  container.modem.demuxStream(stream, request.stdout ?? discard(), request.stderr ?? discard());

  let killed = false;
  const onAbort = (): void => {
    killed = true;
    void container.kill({ signal: 'SIGKILL' }).catch(() => undefined);
  };
  if (request.signal?.aborted) onAbort();
  request.signal?.addEventListener('abort', onAbort);
  try {
    await new Promise<void>((resolve) => {
      stream.once('end', resolve);
      stream.once('close', resolve);
      stream.once('error', () => resolve());
    });
  } finally {
    request.signal?.removeEventListener('abort', onAbort);
  }
  if (killed) return { exitCode: null, killed };
  // The stream can end a moment before Docker records the exit code.
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const info = await exec.inspect();
    if (!info.Running) return { exitCode: info.ExitCode ?? null, killed: false };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { exitCode: null, killed: false };
}
