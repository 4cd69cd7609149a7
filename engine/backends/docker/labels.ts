/**
 * Labels on every container Flowbench creates. They let a later start find what a crashed
 * engine left behind: a container whose engine process (on this machine) is gone is removed.
 */
export const Label = {
  /** Present on every Flowbench container; the value is the label schema version. */
  managed: 'dev.flowbench.managed',
  run: 'dev.flowbench.run',
  engineHost: 'dev.flowbench.engine-host',
  enginePid: 'dev.flowbench.engine-pid',
  /** The Docker target's name (`docker`, `remote:NAME`). */
  target: 'dev.flowbench.target',
} as const;

/** Whether a process of this machine is still there (signal 0 checks without signalling). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
