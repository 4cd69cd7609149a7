import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RunStore } from '../store/run-store.js';
import type { RunBundle } from './run-bundle.js';

/** A pulled run's files, relative to its folder, in the store's layout (records.ts). */
async function runFiles(store: RunStore, bundle: RunBundle, remote: string): Promise<Map<string, Buffer>> {
  const record = (value: unknown): Buffer => Buffer.from(`${JSON.stringify(value, null, 1)}\n`);
  const files = new Map<string, Buffer>();
  for (const task of bundle.tasks) {
    const base = `tasks/${task.step}/${task.taskId}`;
    if (task.task) files.set(`${base}/task.json`, record(task.task));
    for (const attempt of task.attempts) {
      const folder = `${base}/attempt-${attempt.attempt}`;
      if (attempt.start) files.set(`${folder}/start.json`, record(attempt.start));
      if (attempt.end) files.set(`${folder}/end.json`, record(attempt.end));
      for (const [log, name] of [[attempt.stdout, 'stdout.log'], [attempt.stderr, 'stderr.log']] as const) {
        if (log) files.set(`${folder}/${name}`, 'text' in log ? Buffer.from(log.text, 'utf8') : Buffer.from(await store.blobs.getBytes(log.sha)));
      }
    }
  }
  files.set('end.json', record(bundle.end));
  // Local only: where the run came from (never pushed back; the index shows it as pulled).
  files.set('pulled.json', record({ remote, pulledAt: new Date().toISOString() }));
  files.set('run.json', record(bundle.run));
  return files;
}

/**
 * Writes a pulled run into the local store, all at once: its files go into a hidden staging
 * folder beside it, which is renamed into place — so a reader sees the whole run, marked as
 * pulled, or nothing. (Fewer file operations than writing each record atomically, which is what
 * makes pulling a thousand runs fast.) When the run's folder exists already (a tag event came
 * first), records move in one by one, write-once, with `run.json` last. Logs kept as blobs must
 * be in the store. Resolves false when the run was here already.
 */
export async function writePulledRun(store: RunStore, bundle: RunBundle, remote: string): Promise<boolean> {
  const { flow, runId } = bundle.run;
  const prefix = store.runPrefix(flow, runId);
  if (await store.storage.has(`${prefix}/run.json`)) return false;
  const files = await runFiles(store, bundle, remote);
  const target = store.storage.pathOf(prefix);
  // Hidden from listings: not a run-id name, and `.tmp-` is skipped by the local storage.
  const staging = join(dirname(target), `.pull-${runId}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    const folders = [...new Set([...files.keys()].map((path) => dirname(path)))].sort();
    for (const folder of folders) await mkdir(join(staging, folder), { recursive: true });
    await Promise.all([...files].map(([path, bytes]) => writeFile(join(staging, path), bytes)));
    try {
      await rename(staging, target);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
    }
    const runRecord = files.get('run.json')!;
    files.delete('run.json');
    await Promise.all([...files].map(([path, bytes]) => store.storage.put(`${prefix}/${path}`, bytes, { ifAbsent: true })));
    return await store.storage.put(`${prefix}/run.json`, runRecord, { ifAbsent: true });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
