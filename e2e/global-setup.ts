/**
 * Starts browser mode for the specs: `node bin/flowbench.cjs serve --port 0 --no-open` in a
 * temporary folder with its own FLOWBENCH_HOME. Builds nothing: it refuses to start when the
 * app is not built. The URL and folders reach the specs through process.env (workers inherit it).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { s3TestEnv } from './s3.js';

const repo = resolve(import.meta.dirname, '..');
const SERVING = /^Flowbench is serving at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/;

/** A start → end flow, what the 'empty' template makes. */
export const EMPTY_FLOW = `from flowbench import FlowSpec, step


class EmptyFlow(FlowSpec):
    @step
    def start(self):
        self.next(self.end)

    @step
    def end(self):
        pass
`;

export default async function globalSetup(): Promise<() => Promise<void>> {
  for (const built of ['out/cli/flowbench.cjs', 'out/renderer/index.html']) {
    if (!existsSync(join(repo, built))) throw new Error(`${built} is missing: run "npm run build" before the e2e tests.`);
  }
  const root = mkdtempSync(join(tmpdir(), 'flowbench-e2e-'));
  const home = join(root, 'home');
  const flows = join(root, 'flows');
  mkdirSync(home);
  mkdirSync(flows);
  writeFileSync(join(flows, 'empty_flow.py'), EMPTY_FLOW);

  // S3 credentials for the sharing spec (dummy ones for moto); the app reads them like a user's.
  const env = { ...process.env, ...s3TestEnv(), FLOWBENCH_HOME: home, FLOWBENCH_PYTHON: process.env.FLOWBENCH_PYTHON ?? '/usr/bin/python3' };
  const server = spawn(process.execPath, [join(repo, 'bin/flowbench.cjs'), 'serve', '--port', '0', '--no-open'], {
    cwd: flows,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  server.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`flowbench serve printed no URL within 20 s. stderr:\n${stderr}`)), 20_000);
    server.once('exit', (code) => fail(new Error(`flowbench serve exited (${code}) before serving. stderr:\n${stderr}`)));
    createInterface({ input: server.stdout }).once('line', (line) => {
      clearTimeout(timer);
      const m = SERVING.exec(line.trim());
      if (m?.[1] === undefined) fail(new Error(`unexpected first line from flowbench serve: ${line}`));
      else ok(m[1]);
    });
  });
  process.env.FLOWBENCH_E2E_URL = url;
  process.env.FLOWBENCH_E2E_FLOWS = flows;
  process.env.FLOWBENCH_E2E_HOME = home;

  return async () => {
    if (server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    rmSync(root, { recursive: true, force: true });
  };
}
