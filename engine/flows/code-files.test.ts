import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempHome } from '../testing/cli-harness.js';
import { CODE_LIMITS, collectCodeFiles } from './code-files.js';

describe('collectCodeFiles: what a run snapshots of a flow folder', () => {
  it('takes the flow as parsed and every .py under its folder, and leaves out what is not code', async () => {
    const folder = await tempHome();
    const flowFile = join(folder, 'train.py');
    await writeFile(flowFile, 'on disk, changed since it was parsed');
    const files: { [path: string]: string } = {
      'lib/features.py': 'A = 1\n',
      'lib/__init__.py': '',
      'notes.txt': 'not python',
      '.hidden.py': 'x',
      '.git/hook.py': 'x',
      '__pycache__/features.py': 'x',
      'node_modules/pkg/setup.py': 'x',
      'env/lib/site-packages/numpy/core.py': 'x',
      'venv/bin/activate.py': 'x',
      'venv/pyvenv.cfg': 'home = /usr/bin\n',
    };
    for (const [path, text] of Object.entries(files)) {
      await mkdir(join(folder, path, '..'), { recursive: true });
      await writeFile(join(folder, path), text);
    }
    await symlink(join(folder, 'lib'), join(folder, 'lib', 'loop')); // a cycle is walked once
    const { entry, files: found } = await collectCodeFiles(flowFile, 'the parsed source');
    expect(entry).toBe('train.py');
    expect(found.map((f) => f.path)).toEqual(['train.py', 'lib/__init__.py', 'lib/features.py']);
    expect(found[0]!.bytes.toString()).toBe('the parsed source');
  });

  it('refuses a folder with more Python than a flow folder holds, in one sentence', async () => {
    const folder = await tempHome();
    await Promise.all(Array.from({ length: CODE_LIMITS.files + 1 }, (_, i) => writeFile(join(folder, `m${i}.py`), '')));
    await expect(collectCodeFiles(join(folder, 'flow.py'), '')).rejects.toThrow(
      /holds more than 1000 \.py files, more than Flowbench snapshots as a run's code .* Keep the flow in a folder of its own/,
    );
  });
});
