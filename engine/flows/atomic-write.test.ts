import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic-write.js';

async function folder(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'flowbench-atomic-'));
}

describe('writeFileAtomic', () => {
  it('writes through a symlinked flow: the link stays a link, the file it points to changes', async () => {
    const dir = await folder();
    await mkdir(join(dir, 'shared'));
    await mkdir(join(dir, 'project'));
    const real = join(dir, 'shared', 'flow.py');
    const link = join(dir, 'project', 'flow.py');
    await writeFile(real, 'old\n');
    await symlink('../shared/flow.py', link);
    await writeFileAtomic(link, 'new\n');
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).toBe('../shared/flow.py');
    expect(await readFile(real, 'utf8')).toBe('new\n');
    expect(await readdir(join(dir, 'project'))).toEqual(['flow.py']);
    expect(await readdir(join(dir, 'shared'))).toEqual(['flow.py']);
  });

  it.each([0o755, 0o600, 0o640])('keeps the mode %o of the file it replaces', async (mode) => {
    const dir = await folder();
    const file = join(dir, 'flow.py');
    await writeFile(file, 'old\n', { mode });
    await chmod(file, mode); // the umask may have filtered writeFile's mode
    await writeFileAtomic(file, 'new\n');
    expect((await stat(file)).mode & 0o7777).toBe(mode);
    expect(await readFile(file, 'utf8')).toBe('new\n');
  });

  it('creates a new file, and a failed write leaves neither a temporary file nor a change', async () => {
    const dir = await folder();
    await writeFileAtomic(join(dir, 'new.py'), 'x = 1\n');
    expect(await readFile(join(dir, 'new.py'), 'utf8')).toBe('x = 1\n');
    await mkdir(join(dir, 'taken.py', 'inside'), { recursive: true }); // a folder where the file would go
    await expect(writeFileAtomic(join(dir, 'taken.py'), 'y\n')).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(['new.py', 'taken.py']);
  });
});
