import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli, runFlow, tempHome } from '../testing/cli-harness.js';
import { loadConfig } from './config.js';
import { choosePython } from './python-choice.js';

const SYSTEM = '/usr/bin/python3';

/** An executable file (a stand-in interpreter, never run). */
async function executable(path: string): Promise<string> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, '#!/bin/sh\n', { mode: 0o755 });
  return path;
}

/** A pyenv root with a python3 shim and installed versions. */
async function pyenv(versions: string[]): Promise<{ root: string; shims: string }> {
  const root = await mkdtemp(join(tmpdir(), 'flowbench-pyenv-'));
  const shims = join(root, 'shims');
  await executable(join(shims, 'python3'));
  for (const version of versions) await executable(join(root, 'versions', version, 'bin', 'python3'));
  return { root, shims };
}

// Needs a Unix layout with Debian's interpreter at /usr/bin/python3 (what the test machines have).
describe.skipIf(process.platform === 'win32' || !existsSync(SYSTEM))('choosing the interpreter for local tasks', () => {
  it('an activated virtualenv first, then an activated conda environment', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'flowbench-envs-'));
    const venv = join(dir, 'venv');
    const conda = join(dir, 'conda');
    await executable(join(venv, 'bin', 'python'));
    await executable(join(conda, 'bin', 'python'));
    const bin = join(dir, 'bin');
    await executable(join(bin, 'python3'));
    expect(choosePython({ VIRTUAL_ENV: venv, CONDA_PREFIX: conda, PATH: bin }, dir)).toBe(join(venv, 'bin', 'python'));
    expect(choosePython({ CONDA_PREFIX: conda, PATH: bin }, dir)).toBe(join(conda, 'bin', 'python'));
    // An environment variable left over from a deleted environment is looked past.
    expect(choosePython({ VIRTUAL_ENV: join(dir, 'gone'), PATH: bin }, dir)).toBe(join(bin, 'python3'));
  });

  it('python3 on PATH, a pyenv shim resolved to the version it would run', async () => {
    const { root, shims } = await pyenv(['3.12.1', '3.10.13']);
    const project = await mkdtemp(join(tmpdir(), 'flowbench-project-'));
    await mkdir(join(project, 'src'));
    await writeFile(join(root, 'version'), '3.12.1\n');
    const path = `${shims}:/usr/bin`;
    expect(choosePython({ PATH: path }, join(project, 'src'))).toBe(join(root, 'versions', '3.12.1', 'bin', 'python3'));
    await writeFile(join(project, '.python-version'), '# pinned\n3.10.13\n');
    expect(choosePython({ PATH: path }, join(project, 'src'))).toBe(join(root, 'versions', '3.10.13', 'bin', 'python3'));
    expect(choosePython({ PATH: path, PYENV_VERSION: '3.12.1:3.10.13' }, join(project, 'src'))).toBe(join(root, 'versions', '3.12.1', 'bin', 'python3'));
    // "system", or a version that is not installed: past the shims, the next python3 on PATH.
    expect(choosePython({ PATH: path, PYENV_VERSION: 'system' }, project)).toBe(SYSTEM);
    expect(choosePython({ PATH: path, PYENV_VERSION: '3.99.0' }, project)).toBe(SYSTEM);
  });

  it('/usr/bin/python3 when PATH has none; FLOWBENCH_PYTHON and the config still win', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'flowbench-empty-'));
    expect(choosePython({ PATH: empty }, empty)).toBe(SYSTEM);
    const venv = join(empty, 'venv');
    await executable(join(venv, 'bin', 'python'));
    const home = await tempHome();
    expect(loadConfig({ FLOWBENCH_HOME: home, VIRTUAL_ENV: venv, PATH: empty }).python).toBe(join(venv, 'bin', 'python'));
    expect(loadConfig({ FLOWBENCH_HOME: home, VIRTUAL_ENV: venv, FLOWBENCH_PYTHON: '/opt/py' }).python).toBe('/opt/py');
    await writeFile(join(home, 'config.json'), JSON.stringify({ python: '/opt/from-config' }));
    expect(loadConfig({ FLOWBENCH_HOME: home, VIRTUAL_ENV: venv }).python).toBe('/opt/from-config');
  });

  it('a run in an activated virtualenv runs its tasks with the venv\'s interpreter', async () => {
    const home = await tempHome();
    const venv = join(home, 'venv');
    execFileSync(SYSTEM, ['-m', 'venv', '--without-pip', venv]);
    const flow = fileURLToPath(new URL('./fixtures/which_python_flow.py', import.meta.url));
    // As an activated venv leaves the shell: VIRTUAL_ENV set and its bin first on PATH.
    const env = { FLOWBENCH_PYTHON: '', VIRTUAL_ENV: venv, PATH: `${join(venv, 'bin')}:${process.env['PATH']}` };
    for (const warm of ['1', '0']) {
      const run = await runFlow(flow, home, [], { ...env, FLOWBENCH_WARM_WORKERS: warm });
      expect(run.code, run.stderr).toBe(0);
      const artifact = async (name: string): Promise<unknown> => JSON.parse((await cli(['artifact', `${run.result.pathspec}/start`, name, '--json'], home)).stdout);
      expect(await artifact('prefix')).toBe(venv);
      expect(await artifact('executable')).toBe(join(venv, 'bin', 'python'));
    }
  });
});
