import { hostname } from 'node:os';
import type Docker from 'dockerode';
import { processAlive } from '../../util/process-alive.js';
import { Label } from './labels.js';

/**
 * Removes the containers that an engine of this machine left behind when it died without
 * cleaning up (kill -9, a crash, a power cut): those labelled with this host whose engine
 * process no longer exists. Containers of live engines (another CLI, the app) are left alone.
 * Returns how many were removed.
 */
export async function removeOrphans(docker: Docker): Promise<number> {
  const containers = await docker.listContainers({
    all: true,
    filters: { label: [`${Label.managed}`, `${Label.engineHost}=${hostname()}`] },
  });
  const orphans = containers.filter((info) => {
    const pid = Number(info.Labels[Label.enginePid]);
    return !Number.isInteger(pid) || pid <= 0 || !processAlive(pid);
  });
  await Promise.all(orphans.map((info) => docker.getContainer(info.Id).remove({ force: true, v: true }).catch(() => undefined)));
  return orphans.length;
}
