"""Tasks die with the process that started them (docs/task-protocol.md, "When the engine dies").

Two mechanisms, because either alone leaves a gap:
- The warm worker reads its requests from the engine's pipe. EOF without a `shutdown` request
  means the engine is gone (killed, crashed): the worker then ends every task's process group,
  SIGTERM first and SIGKILL after a grace period, and exits (worker.py).
- A forked task asks the kernel to SIGKILL it when the worker dies (Linux: prctl
  PR_SET_PDEATHSIG), so a worker killed outright does not leave its tasks running. A task the
  engine spawns itself gets the same setting from `setpriv --pdeathsig` (local-backend.ts),
  which spares every cold task the cost of importing ctypes.
"""

import os
import signal
import sys

PR_SET_PDEATHSIG = 1

_prctl = None


def prepare():
    """Loads prctl once, in the worker, so a forked task sets its death signal for free."""
    global _prctl
    if _prctl is not None or not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        _prctl = libc.prctl
    except (OSError, AttributeError, ImportError):
        _prctl = None


def die_with_parent(parent_pid):
    """In a forked child: be SIGKILLed when `parent_pid` dies; exit now if it already has.

    The check after prctl closes the race where the parent died before the call: the child would
    then have been re-parented already and no signal would ever come.
    """
    if _prctl is not None:
        _prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent_pid:
        os._exit(1)
