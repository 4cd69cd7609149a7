import type Docker from 'dockerode';

/**
 * Warm containers, reused one task at a time. A container is leased by exactly one task, so a
 * kill (timeout, cancel, out of memory) stops only that task, and its memory limit is the task's.
 * A container comes back to the pool only when the task ended on its own; otherwise it is
 * removed. Keys are (run, flow file, image, limits): a container never outlives its run's engine.
 */
export class ContainerPool {
  private readonly idle = new Map<string, Docker.Container[]>();
  private readonly live = new Set<Docker.Container>();
  private readonly removals = new Set<Promise<void>>();

  /** An idle container for `key`, or a new one from `create`. */
  async acquire(key: string, create: () => Promise<Docker.Container>): Promise<Docker.Container> {
    const reused = this.idle.get(key)?.pop();
    if (reused) return reused;
    const container = await create();
    this.live.add(container);
    return container;
  }

  /** Gives a container back after its task: reusable, or to be removed. */
  release(key: string, container: Docker.Container, reusable: boolean): void {
    if (reusable) {
      const list = this.idle.get(key) ?? [];
      list.push(container);
      this.idle.set(key, list);
    } else {
      this.remove(container);
    }
  }

  /** Removes a container that was created but never handed out (e.g. its set-up failed). */
  discard(container: Docker.Container): void {
    this.remove(container);
  }

  private remove(container: Docker.Container): void {
    this.live.delete(container);
    const removal = container
      .remove({ force: true, v: true })
      .catch(() => undefined)
      .then(() => {
        this.removals.delete(removal);
      });
    this.removals.add(removal);
  }

  /** Removes the idle containers whose key starts with `prefix` (a finished run's). */
  async closeIdle(prefix: string): Promise<void> {
    for (const [key, containers] of this.idle) {
      if (!key.startsWith(prefix)) continue;
      this.idle.delete(key);
      for (const container of containers) this.remove(container);
    }
    while (this.removals.size > 0) await Promise.all([...this.removals]);
  }

  /** Removes every container, idle or not, and waits until the engine has done so. */
  async close(): Promise<void> {
    for (const container of this.live) this.remove(container);
    this.idle.clear();
    while (this.removals.size > 0) await Promise.all([...this.removals]);
  }
}
