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
