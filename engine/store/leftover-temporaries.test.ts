import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ageAsLeftover, NO_SUCH_PID } from '../testing/dead-writer.js';
import { isLeftover, LEFTOVER_AFTER_MS, removeLeftoverTemporaries } from './leftover-temporaries.js';

describe('leftover temporaries', () => {
  test('a temporary is a leftover when it is old and its writer is gone', () => {
    const now = Date.now();
    const old = now - LEFTOVER_AFTER_MS;
    const gone = () => false;
    expect(isLeftover('task.json.tmp-123-ab12-1', old, now, gone)).toBe(true);
    expect(isLeftover('task.json.tmp-123-ab12-1', old + 1000, now, gone)).toBe(false);
    expect(isLeftover('task.json.tmp-123-ab12-1', old, now, () => true)).toBe(false);
    expect(isLeftover('task.json', old, now, gone)).toBe(false);
    expect(isLeftover('01M8TFFQRQQ6GA7KNX9S8PADW0', old, now, gone)).toBe(false);
  });

  test('removes old temporaries of dead writers, files and folders, and keeps everything else', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'flowbench-leftovers-'));
    const dead = NO_SUCH_PID;
    const make = async (name: string, age: 'old' | 'new', kind: 'file' | 'folder' = 'file'): Promise<void> => {
      const path = join(folder, name);
      if (kind === 'folder') {
        mkdirSync(join(path, 'steps'), { recursive: true });
        writeFileSync(join(path, 'steps', 'task.json'), '{}');
      } else writeFileSync(path, 'half');
      if (age === 'old') await ageAsLeftover(path);
    };
    await make(`blob.tmp-${dead}-ab12-1`, 'old');
    await make(`.pull-01ABC.tmp-${dead}-cd34`, 'old', 'folder');
    await make(`code.tmp-${dead}-ef56`, 'new');
    await make(`mine.tmp-${process.pid}-0000-1`, 'old');
    await make('run.json', 'old');
    await make('01M8TFFQRQQ6GA7KNX9S8PADW0', 'old', 'folder');

    const removed = await removeLeftoverTemporaries(folder);
    expect(removed.sort()).toEqual([`.pull-01ABC.tmp-${dead}-cd34`, `blob.tmp-${dead}-ab12-1`]);
    expect(readdirSync(folder).sort()).toEqual(['01M8TFFQRQQ6GA7KNX9S8PADW0', `code.tmp-${dead}-ef56`, `mine.tmp-${process.pid}-0000-1`, 'run.json']);
  });

  test('a folder that is not there is nothing to tidy', async () => {
    const missing = join(tmpdir(), 'flowbench-no-such-folder', 'x');
    expect(await removeLeftoverTemporaries(missing)).toEqual([]);
    expect(existsSync(missing)).toBe(false);
  });
});
