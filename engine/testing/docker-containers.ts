import { expect } from 'vitest';
import { cli } from './cli-harness.js';
import { localDockerTarget } from '../backends/docker/docker-connection.js';
import { Label } from '../backends/docker/labels.js';

/** Containers Flowbench made on the local engine, optionally of one run or one engine pid. */
export async function flowbenchContainers(filter: { run?: string; enginePid?: number } = {}): Promise<string[]> {
  const labels: string[] = [Label.managed];
  if (filter.run) labels.push(`${Label.run}=${filter.run}`);
  if (filter.enginePid) labels.push(`${Label.enginePid}=${filter.enginePid}`);
  const list = await localDockerTarget().docker.listContainers({ all: true, filters: { label: labels } });
  return list.map((info) => info.Id);
}

export interface ShownTask {
  step: string;
  status: string;
  attempts: number;
  origin?: string;
  exception?: { type: string; message: string };
}

export async function showRun(pathspec: string, home: string): Promise<{ status: string; tasks: ShownTask[] }> {
  const shown = await cli(['show', pathspec, '--json'], home);
  expect(shown.code, shown.stderr).toBe(0);
  return JSON.parse(shown.stdout);
}
