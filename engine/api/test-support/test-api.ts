import { copyFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalBackend } from '../../backends/local/local-backend.js';
import { loadConfig } from '../../config/config.js';
import { RunStore } from '../../store/run-store.js';
import { fixture } from '../../testing/cli-harness.js';
import type { ApiEvent } from '../contract.js';
import { createApi, type Api } from '../create-api.js';
import { defaultEditor } from '../editor-bindings.js';

export interface TestApi {
  readonly api: Api;
  readonly home: string;
  /** A folder for flow files (separate from the store). */
  readonly dir: string;
  readonly events: ApiEvent[];
  /** Copies engine/runtime/fixtures/NAME into `dir`; returns its path. */
  flow(name: string): Promise<string>;
  close(): Promise<void>;
}

/** The API over a fresh FLOWBENCH_HOME and the real local backend (real Python). */
export async function testApi(options: { root?: string; mode?: 'electron' | 'browser'; indexRefreshEveryMs?: number } = {}): Promise<TestApi> {
  const home = await mkdtemp(join(tmpdir(), 'flowbench-api-home-'));
  const dir = await mkdtemp(join(tmpdir(), 'flowbench-api-flows-'));
  const config = loadConfig({ ...process.env, FLOWBENCH_HOME: home, FLOWBENCH_USER: 'tester' });
  const backend = new LocalBackend({ python: config.python, runtimePath: config.runtimePath, warmWorkers: config.warmWorkers, bytecodeCache: join(home, 'cache', 'pycache') });
  const api = createApi({
    config,
    store: RunStore.open(home),
    backends: { local: backend },
    defaultBackend: 'local',
    editor: defaultEditor,
    mode: options.mode ?? 'browser',
    version: '0.0.0-test',
    cwd: dir,
    ...(options.root !== undefined ? { root: options.root } : {}),
    ...(options.indexRefreshEveryMs !== undefined ? { indexRefreshEveryMs: options.indexRefreshEveryMs } : {}),
  });
  const events: ApiEvent[] = [];
  api.onEvent((event) => events.push(event));
  return {
    api,
    home,
    dir,
    events,
    async flow(name) {
      const path = join(dir, name);
      await copyFile(fixture(name), path);
      return path;
    },
    async close() {
      await api.close();
      await backend.close();
    },
  };
}

/** The value of a successful result; fails the test with the error otherwise. */
export function valueOf<T>(result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!result.ok) throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

export async function waitFor<T>(probe: () => T | undefined | false, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
