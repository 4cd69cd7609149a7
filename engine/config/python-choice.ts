import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { basename, delimiter, dirname, join } from 'node:path';

/**
 * The interpreter local tasks run with when neither FLOWBENCH_PYTHON nor the config names one:
 * the person's own environment, as their terminal would pick it.
 *
 * 1. an activated virtualenv (`VIRTUAL_ENV`), then an activated conda environment
 *    (`CONDA_PREFIX`): their `bin/python`;
 * 2. `python3` on PATH — where that is a pyenv shim, the interpreter the shim would run
 *    (PYENV_VERSION, else a `.python-version` file from the working folder up, else pyenv's
 *    global `version` file), read from pyenv's files rather than by running the shim, which costs
 *    ~170 ms per task; a shim that would run the "system" Python is looked past;
 * 3. `/usr/bin/python3`;
 * 4. `python3` (`python` on Windows), left to the OS to find.
 *
 * Paths are used as found, never resolved through links: a virtualenv's `bin/python` is a link
 * to the base interpreter, and only through the link does Python find the environment.
 *
 * @example choosePython({ VIRTUAL_ENV: '/home/me/proj/.venv' }, '/home/me/proj') // '/home/me/proj/.venv/bin/python'
 */
export function choosePython(env: NodeJS.ProcessEnv, cwd: string, platform: NodeJS.Platform = process.platform): string {
  const windows = platform === 'win32';
  for (const prefix of [env['VIRTUAL_ENV'], env['CONDA_PREFIX']]) {
    if (!prefix) continue;
    const candidate = windows ? join(prefix, prefix === env['VIRTUAL_ENV'] ? 'Scripts' : '', 'python.exe') : join(prefix, 'bin', 'python');
    if (isExecutable(candidate)) return candidate;
  }
  if (windows) return 'python';
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (!dir || !isExecutable(join(dir, 'python3'))) continue;
    const pyenvRoot = pyenvRootOfShims(dir, env);
    if (pyenvRoot === null) return join(dir, 'python3');
    const resolved = pyenvInterpreter(pyenvRoot, env, cwd);
    if (resolved !== null) return resolved;
    // The shim would run the system Python (or a version that is not installed): look further.
  }
  if (isExecutable('/usr/bin/python3')) return '/usr/bin/python3';
  return 'python3';
}

/** pyenv's root when `dir` is its shims folder (`<root>/shims` beside `<root>/versions`), else null. */
function pyenvRootOfShims(dir: string, env: NodeJS.ProcessEnv): string | null {
  if (basename(dir) !== 'shims') return null;
  const root = dirname(dir);
  if (env['PYENV_ROOT'] && dirname(join(env['PYENV_ROOT'], 'shims')) === root) return root;
  return existsSync(join(root, 'versions')) ? root : null;
}

/** The interpreter pyenv would pick, or null for "system" or a version that is not installed. */
function pyenvInterpreter(root: string, env: NodeJS.ProcessEnv, cwd: string): string | null {
  const version = (env['PYENV_VERSION'] || localVersion(cwd) || firstLine(join(root, 'version')) || 'system').split(':')[0]!.trim();
  if (version === '' || version === 'system') return null;
  const candidate = join(root, 'versions', version, 'bin', 'python3');
  return isExecutable(candidate) ? candidate : null;
}

/** The version named by the nearest `.python-version`, from `cwd` up. */
function localVersion(cwd: string): string | null {
  for (let dir = cwd; ; dir = dirname(dir)) {
    const version = firstLine(join(dir, '.python-version'));
    if (version) return version;
    if (dirname(dir) === dir) return null;
  }
}

/** The first non-empty, non-comment line of a file, or null. */
function firstLine(path: string): string | null {
  try {
    const line = readFileSync(path, 'utf8')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find((l) => l !== '' && !l.startsWith('#'));
    return line ?? null;
  } catch {
    return null;
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
