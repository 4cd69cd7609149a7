/** How long a task gets between SIGTERM and SIGKILL. */
export const KILL_GRACE_MS = 3000;

/**
 * Stops a task and everything it started: the task leads its own process group, so signalling
 * `-pid` reaches the user's subprocesses too. SIGTERM first so Python can clean up; SIGKILL
 * after the grace period if it is still there.
 */
export function killProcessGroup(pid: number, isDone: () => boolean, graceMs = KILL_GRACE_MS): void {
  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-pid, signal);
    } catch {
      try {
        process.kill(pid, signal);
      } catch {
        // Already gone.
      }
    }
  };
  signalGroup('SIGTERM');
  const timer = setTimeout(() => {
    if (!isDone()) signalGroup('SIGKILL');
  }, graceMs);
  timer.unref();
}
