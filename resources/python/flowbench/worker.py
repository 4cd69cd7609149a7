"""The warm worker: `python -m flowbench.worker [--preload FLOW_FILE]` (docs/task-protocol.md).

Started once per run, it imports the runtime and (with --preload, or a first request
{"preload": FLOW_FILE}) the flow module once, then forks one child per task request, so a task
does not pay again for the interpreter and for the flow's imports (pandas, ...). A child runs the
task exactly like `python -m flowbench.task`. The preload request lets `flowbench run` start the
interpreter before it knows where the run's code is checked out.

Two choices keep it robust:
- It stays single-threaded. Forking a process with threads can leave the child holding a lock
  another thread had taken, so children are reaped from the main loop, woken through a pipe that
  SIGCHLD writes to (`signal.set_wakeup_fd`), next to stdin.
- Its stdout carries events only. The original fd 1 is kept for them and fd 1 is pointed at
  stderr, so a flow that prints while it is imported cannot garble the event stream.
"""

import gc
import os
import select
import signal
import sys
import time

from . import lean_json, lifeline
from .flow_loader import install_metaflow_shim, leave_working_folder_off_path, load_flow_module

STDIN = 0
_SHUTDOWN = "shutdown"
# When the engine is gone: how long tasks get between SIGTERM and SIGKILL.
GRACE_SECONDS = 2.0
# After this many tasks the run is long enough for the rarely needed modules to be worth
# importing into the worker (see _import_rarely_needed_modules).
EXTRAS_AFTER_FORKS = 8


class Worker:
    def __init__(self, events_fd):
        self.events_fd = events_fd
        self.pid = os.getpid()
        self.children = {}  # pid -> request id
        self.preloaded = False
        self.forks = 0
        self.wakeup_read, self.wakeup_write = os.pipe()
        os.set_blocking(self.wakeup_read, False)
        os.set_blocking(self.wakeup_write, False)

    def emit(self, event):
        data = (lean_json.dumps(event) + "\n").encode("utf-8")
        try:
            while data:
                data = data[os.write(self.events_fd, data) :]
        except OSError:
            pass  # the engine is gone; EOF on stdin ends the worker

    # -- the loop ----------------------------------------------------------------------------

    def serve(self):
        """Handles requests until {"shutdown": true}, then waits for the children. EOF without
        it means the engine died: the tasks are ended instead (lifeline.py)."""
        signal.signal(signal.SIGCHLD, lambda signum, frame: None)
        signal.set_wakeup_fd(self.wakeup_write, warn_on_full_buffer=False)
        pending = b""
        reading = True
        while reading or self.children:
            watched = [self.wakeup_read, STDIN] if reading else [self.wakeup_read]
            readable, _, _ = select.select(watched, [], [])
            if self.wakeup_read in readable:
                self._drain_wakeups()
                self._reap()
            if reading and STDIN in readable:
                chunk = os.read(STDIN, 1 << 16)
                engine_gone = not chunk
                if engine_gone:
                    reading = False
                    chunk = b"\n"  # a last request without a newline still counts
                *lines, pending = (pending + chunk).split(b"\n")
                for line in lines:
                    if self._handle(line) == _SHUTDOWN:
                        reading = engine_gone = False
                        break
                if engine_gone:
                    self._end_tasks()
                    return
                if self.forks >= EXTRAS_AFTER_FORKS:
                    _import_rarely_needed_modules()
            # A child may have exited before its pid was recorded; its SIGCHLD byte was then
            # consumed without a match, so look again whenever anything happened.
            self._reap()

    def _end_tasks(self):
        """Ends every running task's process group (what the task started goes too): SIGTERM,
        then SIGKILL for what is left after the grace period."""
        groups = set(self.children)  # each task leads its own process group
        _signal_groups(groups, signal.SIGTERM)
        deadline = time.monotonic() + GRACE_SECONDS
        while time.monotonic() < deadline:
            self._reap()
            if not any(_group_exists(group) for group in groups):
                return
            time.sleep(0.05)
        _signal_groups(groups, signal.SIGKILL)
        for pid in list(self.children):
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
        self.children.clear()

    def _drain_wakeups(self):
        try:
            while os.read(self.wakeup_read, 512):
                pass
        except BlockingIOError:
            pass

    def _reap(self):
        while self.children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            request_id = self.children.pop(pid, None)
            if request_id is None:
                continue
            if os.WIFSIGNALED(status):
                code, signal_name = None, _signal_name(os.WTERMSIG(status))
            else:
                code, signal_name = os.waitstatus_to_exitcode(status), None
            self.emit({"id": request_id, "event": "exited", "code": code, "signal": signal_name})

    def _handle(self, line):
        line = line.strip()
        if not line:
            return None
        try:
            request = lean_json.loads(line)
        except ValueError as error:
            self.emit({"event": "error", "error": f"not a JSON request: {error}"})
            return None
        if not isinstance(request, dict):
            self.emit({"event": "error", "error": "a request is a JSON object"})
            return None
        if request.get("shutdown"):
            return _SHUTDOWN
        if "preload" in request:
            self._preload_request(request["preload"])
            return None
        missing = [key for key in ("id", "spec", "stdout", "stderr") if not isinstance(request.get(key), str)]
        if missing:
            self.emit({"id": request.get("id"), "event": "error", "error": f"the request lacks {', '.join(missing)}"})
            return None
        self._fork(request)
        return None

    # -- one task ----------------------------------------------------------------------------

    def _preload_request(self, flow_file):
        """{"preload": FLOW_FILE}: only before the first task, and only once."""
        if not isinstance(flow_file, str) or self.preloaded or self.forks > 0:
            self.emit({"event": "error", "error": "a preload request names a flow file, once, before any task"})
            return
        _preload(self, flow_file)

    def _fork(self, request):
        # Everything the worker holds now is moved out of the collector's reach: a collection in
        # the child would otherwise write to every object it scans and so copy the whole heap
        # (the flow's pandas and all) page by page. O(1), and the child's own objects still go.
        gc.freeze()
        _write_no_bytecode_for_user_code()  # done by the preload, unless a task comes without one
        self.forks += 1
        try:
            pid = os.fork()
        except OSError as error:
            self.emit({"id": request["id"], "event": "exited", "code": None, "signal": None,
                       "error": f"fork failed: {error}"})
            return
        if pid == 0:
            self._become_task(request)  # never returns
        # Also set from this side, so the engine can signal the group (-pid) as soon as it
        # reads `started`, whether or not the child has reached its setsid() yet.
        try:
            os.setpgid(pid, pid)
        except OSError:
            pass  # the child's setsid() came first
        self.children[pid] = request["id"]
        self.emit({"id": request["id"], "event": "started", "pid": pid})

    def _become_task(self, request):
        """In the forked child: detach, point fd 0/1/2 at /dev/null and the log files, run."""
        from .task import EXIT_FAILED, run_task  # imported by the worker already (main)

        code = EXIT_FAILED
        try:
            try:
                os.setsid()
            except OSError:
                pass  # already a process group leader (the parent's setpgid came first)
            lifeline.die_with_parent(self.pid)
            signal.set_wakeup_fd(-1)
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            # Keep none of the worker's pipes open: the engine must see the worker's stdout
            # close when the worker exits, even while tasks still run.
            for fd in (self.wakeup_read, self.wakeup_write, self.events_fd):
                os.close(fd)
            _redirect(STDIN, os.devnull, os.O_RDONLY)
            _redirect(1, request["stdout"], os.O_WRONLY | os.O_CREAT | os.O_APPEND)
            _redirect(2, request["stderr"], os.O_WRONLY | os.O_CREAT | os.O_APPEND)
            # Line-buffered, so the engine can show the logs while the task runs.
            sys.stdout = open(1, "w", buffering=1, encoding="utf-8", errors="backslashreplace", closefd=False)
            sys.stderr = open(2, "w", buffering=1, encoding="utf-8", errors="backslashreplace", closefd=False)
            code = run_task(request["spec"])
            # As at a normal interpreter exit (and as multiprocessing does in its forked
            # children), let threads the step started finish before the process ends.
            if "threading" in sys.modules:
                sys.modules["threading"]._shutdown()
        except BaseException:
            try:
                import traceback

                traceback.print_exc()
            except BaseException:
                pass
        finally:
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except BaseException:
                    pass
            os._exit(code)


def _redirect(fd, path, flags):
    opened = os.open(path, flags, 0o644)
    os.dup2(opened, fd)
    os.close(opened)


def _signal_groups(groups, signum):
    for group in groups:
        try:
            os.killpg(group, signum)
        except OSError:
            pass  # already gone


def _group_exists(group):
    try:
        os.killpg(group, 0)
        return True
    except ProcessLookupError:
        return False
    except OSError:
        return True


def _signal_name(number):
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"SIG{number}"


_EXTRAS_IMPORTED = False


def _import_rarely_needed_modules():
    """Modules a task imports only on some paths (a failure's traceback; hashlib for blobs of a
    MiB or more): imported into the worker once a run has forked EXTRAS_AFTER_FORKS tasks, so
    every later task inherits them. Not sooner: importing them takes 40-60 ms of CPU (libcrypto,
    traceback's tokenize and re), which on two cores a short run (a linear flow of five steps)
    pays on its critical path, while a task that needs them costs a few ms more itself."""
    global _EXTRAS_IMPORTED
    if _EXTRAS_IMPORTED:
        return
    _EXTRAS_IMPORTED = True
    import hashlib  # noqa: F401
    import traceback  # noqa: F401


def _preload(worker, flow_file):
    """Imports what every task would import again: the flow (and so its libraries)."""
    worker.preloaded = True
    from . import task  # noqa: F401  (the runtime first, while its bytecode may still be kept)

    _write_no_bytecode_for_user_code()
    try:
        install_metaflow_shim()
        load_flow_module(flow_file)
    except (Exception, SystemExit) as error:
        import traceback

        traceback.print_exc()
        worker.emit({"event": "preload-failed", "error": f"{type(error).__name__}: {error}"})


def _write_no_bytecode_for_user_code():
    """The engine starts the worker with bytecode writing on, so the runtime's own modules are
    compiled once and kept beside them (flowbench/__pycache__, when that folder is writable)
    instead of compiled at every start (~8 ms). The flow and everything it imports must leave no
    __pycache__ in the user's folders: from here on nothing is written, in this process, its tasks
    and any Python a task starts. Under a cache folder of the engine's own (PYTHONPYCACHEPREFIX,
    as in a container) bytecode goes there as before."""
    if sys.pycache_prefix is None and not sys.dont_write_bytecode:
        sys.dont_write_bytecode = True
        os.environ["PYTHONDONTWRITEBYTECODE"] = "1"


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    preload = None
    if len(argv) == 2 and argv[0] == "--preload":
        preload = argv[1]
    elif len(argv) == 1 and argv[0].startswith("--preload="):
        preload = argv[0].split("=", 1)[1]
    elif argv:
        print("usage: python -m flowbench.worker [--preload FLOW_FILE]", file=sys.stderr)
        return 2
    events_fd = os.dup(1)
    os.dup2(2, 1)
    worker = Worker(events_fd)
    if preload:
        _preload(worker, preload)
    else:
        # Started ahead of its flow: say which interpreter this is, so the engine need not
        # start another process to ask (the run records it). Said before the task runtime is
        # imported, so the engine writes the run's record meanwhile instead of waiting.
        version = "%d.%d.%d" % sys.version_info[:3]
        worker.emit({"event": "ready", "python": {"path": sys.executable, "version": version}})
    # What every task runs, imported once here so that each forked task inherits it.
    lifeline.prepare()
    from . import task  # noqa: F401
    try:
        worker.serve()
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    leave_working_folder_off_path()
    sys.exit(main())
