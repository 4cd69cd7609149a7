import { existsSync, mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { NO_SUCH_PID } from '../testing/dead-writer.js';
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
    const oldSeconds = (Date.now() - 2 * LEFTOVER_AFTER_MS) / 1000;
    const make = (name: string, age: 'old' | 'new', kind: 'file' | 'folder' = 'file'): void => {
      const path = join(folder, name);
      if (kind === 'folder') {
        mkdirSync(join(path, 'steps'), { recursive: true });
        writeFileSync(join(path, 'steps', 'task.json'), '{}');
      } else writeFileSync(path, 'half');
      if (age === 'old') utimesSync(path, oldSeconds, oldSeconds);
    };
    make(`blob.tmp-${dead}-ab12-1`, 'old');
    make(`.pull-01ABC.tmp-${dead}-cd34`, 'old', 'folder');
    make(`code.tmp-${dead}-ef56`, 'new');
    make(`mine.tmp-${process.pid}-0000-1`, 'old');
    make('run.json', 'old');
    make('01M8TFFQRQQ6GA7KNX9S8PADW0', 'old', 'folder');

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
