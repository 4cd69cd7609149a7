"""The warm worker of a pooled container: `python3 -m flowbench.container_agent [--preload FLOW]`.

The Docker backend starts this once per container with one attached exec (docs/docker.md, "How
a task runs in a container"). It runs the ordinary warm worker (`flowbench.worker`, unchanged)
as its child and carries over the exec's two streams everything a task needs, so a task costs a
fork in the container and no Docker API round trip at all (an exec, `putArchive` and
`getArchive` each cost 100-300 ms here):

- in (stdin): a task's files — a JSON header line `{"task": KEY, "files": [[PATH, SIZE, MODE],
  ...]}` followed by the files' bytes one after another — unpacked into /fb/tasks/KEY/, then the
  worker's request for KEY/spec.json; or `{"shutdown": true}`, passed on. EOF: the engine is
  gone; the worker then ends its tasks (worker.py) and this process exits after it.
- out (stdout): frames of one kind byte, a 4-byte big-endian length and the payload:
  `o`/`r` the task's stdout/stderr bytes as they come; `e` one worker event (JSON, as in
  docs/task-protocol.md); before a task's `exited` event, for each regular file of its `out/`
  folder an `F` frame (the path inside `out/`) followed by `d` frames with its bytes.
  Symbolic links and other special files in `out/` are not sent.
- The worker's own stderr (a preload traceback) is the exec's stderr.

A task's output streams are two pipes that this process reads; the worker's child opens them as
`/proc/self/fd/N` (the worker and its children inherit the write ends). One task runs at a time,
so whatever is in the pipes when the worker reports `exited` is that task's.
"""

import os
import select
import shutil
import sys

from . import lean_json

# Where tasks' folders go (a test points it elsewhere).
TASKS = os.environ.get("FLOWBENCH_AGENT_TASKS", "/fb/tasks")
CHUNK = 1 << 20
# The kernel's OOM killer picks the process with the highest score: the task, not the worker.
TASK_OOM_SCORE_ADJ = "1000"


class Agent:
    def __init__(self, frames_fd, worker_argv):
        self.frames_fd = frames_fd
        self.log_read = {}
        write_ends = []
        for kind in (b"o", b"r"):
            read_end, write_end = os.pipe()
            os.set_blocking(read_end, False)
            os.set_inheritable(write_end, True)
            self.log_read[read_end] = kind
            write_ends.append(write_end)
        self.log_paths = [f"/proc/self/fd/{fd}" for fd in write_ends]
        request_read, self.requests = os.pipe()
        self.events, events_write = os.pipe()
        actions = [
            (os.POSIX_SPAWN_DUP2, request_read, 0),
            (os.POSIX_SPAWN_DUP2, events_write, 1),
        ]
        self.worker = os.posix_spawn(sys.executable, [sys.executable, "-m", "flowbench.worker", *worker_argv], os.environ, file_actions=actions)
        for fd in (request_read, events_write, *write_ends):
            os.close(fd)  # the worker holds them now: its exit is EOF here
        self.tasks = {}  # request id -> task folder
        self.incoming = None  # the task whose files are being received
        self.skipping = 0  # bytes of a refused request still to come
        self.pending = b""
        self.events_pending = b""

    # -- frames out ---------------------------------------------------------------------------

    def send(self, kind, payload):
        data = kind + len(payload).to_bytes(4, "big") + payload
        while data:
            data = data[os.write(self.frames_fd, data) :]

    def send_outputs(self, folder):
        out = os.path.join(folder, "out")
        for relative, path in _regular_files(out, ""):
            self.send(b"F", relative.encode("utf-8"))
            with open(path, "rb") as handle:
                while True:
                    chunk = handle.read(CHUNK)
                    if not chunk:
                        break
                    self.send(b"d", chunk)

    def drain_logs(self):
        for fd, kind in self.log_read.items():
            while True:
                try:
                    chunk = os.read(fd, 1 << 16)
                except BlockingIOError:
                    break
                if not chunk:
                    break
                self.send(kind, chunk)

    # -- the loop ----------------------------------------------------------------------------

    def serve(self):
        reading = True
        while True:
            watched = [self.events, *self.log_read] + ([0] if reading else [])
            readable, _, _ = select.select(watched, [], [])
            for fd in readable:
                if fd in self.log_read:
                    self.drain_logs()
            if self.events in readable:
                chunk = os.read(self.events, 1 << 16)
                if not chunk:
                    self.drain_logs()
                    _, status = os.waitpid(self.worker, 0)
                    return os.waitstatus_to_exitcode(status)
                *lines, self.events_pending = (self.events_pending + chunk).split(b"\n")
                for line in lines:
                    self.on_event(line)
            if reading and 0 in readable:
                chunk = os.read(0, 1 << 16)
                if not chunk:
                    reading = False
                    os.close(self.requests)  # EOF for the worker: it ends its tasks and exits
                else:
                    self.on_input(chunk)

    def on_event(self, line):
        try:
            event = lean_json.loads(line)
        except ValueError:
            return
        kind = event.get("event") if isinstance(event, dict) else None
        if kind == "started":
            _set_oom_score_adj(event.get("pid"))
        folder = self.tasks.pop(event.get("id"), None) if kind in ("exited", "error") else None
        if folder is not None:
            self.drain_logs()
            if kind == "exited":
                try:
                    self.send_outputs(folder)
                except OSError as error:
                    event = {**event, "error": f"could not read the task's out/ folder: {error}"}
            shutil.rmtree(folder, ignore_errors=True)
            _empty(os.getcwd())  # what the task wrote where it ran is not the next task's to see
        self.send(b"e", lean_json.dumps(event).encode("utf-8"))

    # -- frames in ----------------------------------------------------------------------------

    def on_input(self, chunk):
        self.pending += chunk
        while True:
            if self.skipping:
                dropped = min(self.skipping, len(self.pending))
                self.pending = self.pending[dropped:]
                self.skipping -= dropped
                if self.skipping:
                    return
            if self.incoming is not None:
                if not self.receive_file_bytes():
                    return
                continue
            newline = self.pending.find(b"\n")
            if newline < 0:
                return
            line, self.pending = self.pending[:newline], self.pending[newline + 1 :]
            if line.strip():
                self.on_header(line)

    def on_header(self, line):
        key = None
        try:
            header = lean_json.loads(line)
            if header.get("shutdown"):
                self.request(header)
                return
            key = header.get("task")
            sizes = [int(size) for _, size, _ in header["files"]]
            # From here on a refused request's bytes are skipped, so the next request is read whole.
            self.skipping = sum(sizes)
            if not (isinstance(key, str) and key.isalnum()):
                raise ValueError(f"bad task key {key!r}")
            files = [(_safe_relative(path), size, int(mode)) for (path, _, mode), size in zip(header["files"], sizes)]
            self.skipping = 0
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            event = {"event": "error", "error": f"bad request from the engine: {error}"}
            self.send(b"e", lean_json.dumps({"id": key, **event} if isinstance(key, str) else event).encode("utf-8"))
            return
        folder = os.path.join(TASKS, key)
        shutil.rmtree(folder, ignore_errors=True)
        for name in ("in", "out"):
            os.makedirs(os.path.join(folder, name), exist_ok=True)
        os.chmod(os.path.join(folder, "out"), 0o777)
        self.incoming = {"key": key, "folder": folder, "files": files, "handle": None, "left": 0}

    def receive_file_bytes(self):
        """Writes what has arrived of the incoming task's files; True once they are all written
        (the worker has then been asked to run it), False while more bytes are awaited."""
        incoming = self.incoming
        while True:
            if incoming["handle"] is None:
                if not incoming["files"]:
                    break
                path, size, mode = incoming["files"].pop(0)
                target = os.path.join(incoming["folder"], path)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                incoming["handle"] = open(target, "wb")
                incoming["mode"] = mode
                incoming["target"] = target
                incoming["left"] = size
            if incoming["left"] > 0:
                if not self.pending:
                    return False
                piece = self.pending[: incoming["left"]]
                self.pending = self.pending[len(piece) :]
                incoming["handle"].write(piece)
                incoming["left"] -= len(piece)
                if incoming["left"] > 0:
                    return False
            incoming["handle"].close()
            os.chmod(incoming["target"], incoming["mode"])
            incoming["handle"] = None
        self.incoming = None
        key, folder = incoming["key"], incoming["folder"]
        self.tasks[key] = folder
        stdout, stderr = self.log_paths
        self.request({"id": key, "spec": os.path.join(folder, "spec.json"), "stdout": stdout, "stderr": stderr})
        return True

    def request(self, message):
        data = (lean_json.dumps(message) + "\n").encode("utf-8")
        while data:
            data = data[os.write(self.requests, data) :]


def _safe_relative(path):
    parts = path.split("/") if isinstance(path, str) else []
    if not parts or any(part in ("", ".", "..") for part in parts):
        raise ValueError(f"unsafe path {path!r}")
    return os.path.join(*parts)


def _regular_files(folder, prefix):
    """(path inside out/, path) of every regular file under `folder`; links are not followed."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except FileNotFoundError:
        return
    for entry in entries:
        relative = f"{prefix}{entry.name}"
        if entry.is_dir(follow_symlinks=False):
            yield from _regular_files(entry.path, relative + "/")
        elif entry.is_file(follow_symlinks=False):
            yield relative, entry.path


def _empty(folder):
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        path = os.path.join(folder, name)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            try:
                os.unlink(path)
            except OSError:
                pass


def _set_oom_score_adj(pid):
    try:
        with open(f"/proc/{int(pid)}/oom_score_adj", "w") as handle:
            handle.write(TASK_OOM_SCORE_ADJ)
    except (OSError, TypeError, ValueError):
        pass  # the task has already exited, or /proc is not there


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    frames_fd = os.dup(1)
    os.dup2(2, 1)  # a stray print cannot garble the frames
    agent = Agent(frames_fd, argv)
    try:
        return agent.serve()
    except BrokenPipeError:
        return 1


if __name__ == "__main__":
    sys.exit(main())
