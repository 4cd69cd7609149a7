import { execFile } from 'node:child_process';
import type { PythonInterpreter } from '../backend.js';

const PROBE = 'import sys; print(sys.executable); print("%d.%d.%d" % sys.version_info[:3])';

/**
 * Asks an interpreter what it is: its real path (a pyenv shim or a `python3` on PATH resolves
 * to the interpreter it starts) and its version. `-E -s -S`: nothing of the environment or
 * site-packages is needed, so the answer comes in ~10 ms.
 *
 * @example await probeInterpreter('python3') // { path: '/usr/bin/python3', version: '3.11.2' }
 */
export function probeInterpreter(python: string, env?: NodeJS.ProcessEnv): Promise<PythonInterpreter> {
  return new Promise((resolve, reject) => {
    execFile(python, ['-E', '-s', '-S', '-c', PROBE], { env: env ?? process.env, timeout: 30_000 }, (error, stdout) => {
      if (error) {
        reject(new Error(`Could not start ${python}: ${error.message}. Set FLOWBENCH_PYTHON to a Python 3 interpreter.`));
        return;
      }
      const [path, version] = stdout.trim().split('\n');
      resolve({ path: path || python, version: version ?? 'unknown' });
    });
  });
}
