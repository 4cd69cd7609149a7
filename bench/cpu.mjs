// CPU time of this process and of the children it has waited for (Linux: /proc/self/stat), so a
// bench can say what a run cost across the whole process tree: the engine, its warm worker and
// every task the worker forked and reaped (a child's time counts once it has been waited for).
import { readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** `{ self, children }` in ms of user + system time so far, or null where /proc is missing. */
export function cpuTimes() {
  let fields;
  try {
    fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  } catch {
    return null;
  }
  // After "pid (comm) ", field 3 (state) is index 0: utime 14, stime 15, cutime 16, cstime 17.
  const at = (field) => Number(fields[field - 3]) * TICK_MS;
  return { self: at(14) + at(15), children: at(16) + at(17) };
}

/** What happened between two `cpuTimes()`. */
export function cpuSpent(before, after) {
  if (!before || !after) return null;
  return { self: after.self - before.self, children: after.children - before.children };
}
