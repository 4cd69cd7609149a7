/**
 * Whether a process of this machine is still there (signal 0 checks without signalling; EPERM
 * means it exists but belongs to someone else). Used to tell a live engine from a dead one.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
