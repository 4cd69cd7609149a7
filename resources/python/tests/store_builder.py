"""Writes a store the way the engine does (engine/store/records.ts), for the client's tests.

The engine's own runs are read back by engine/cli/python-client.test.ts; here each case builds
exactly the records it needs: teammates' runs, dead engines, tag events, missing blobs.
"""

import hashlib
import json
import os
import pickle
import shutil
import socket
import subprocess
import sys
import tempfile
import unittest
from unittest import mock

PYTHON = sys.executable


def dead_pid():
    """The pid of a process that has exited (and been reaped)."""
    child = subprocess.Popen([PYTHON, "-c", "pass"])
    child.wait()
    return child.pid


def ulid(n):
    """A valid, sortable run id (26 Crockford characters); bigger n is newer."""
    return f"01M8SV{n:020d}"


class StoreBuilder:
    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="flowbench-client-test-")
        self.task_counter = {}

    def close(self):
        shutil.rmtree(self.root, ignore_errors=True)

    def _write(self, relative, value):
        path = os.path.join(self.root, *relative.split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as file:
            json.dump(value, file, indent=1)
        return path

    def blob(self, data):
        sha = hashlib.sha256(data).hexdigest()
        path = self.blob_path(sha)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as file:
            file.write(data)
        return sha

    def blob_path(self, sha):
        return os.path.join(self.root, "blobs", "sha256", sha[:2], sha)

    def artifact(self, value, encoding=None, kind=None):
        """An artifact record whose blob is in the store."""
        if encoding is None:
            encoding = "json" if isinstance(value, (int, float, str, list, dict, type(None))) else "pickle"
        data = json.dumps(value).encode("utf-8") if encoding == "json" else pickle.dumps(value, protocol=4)
        return {
            "sha": self.blob(data),
            "encoding": encoding,
            "type": kind or type(value).__name__,
            "size": len(data),
            "preview": repr(value)[:80],
        }

    def run(self, flow, n, user="alice", tags=(), parameters=None, status="succeeded", engine=None, origin=None):
        """run.json (+ end.json unless status is None); returns the run id."""
        run_id = ulid(n)
        record = {
            "version": 1,
            "flow": flow,
            "runId": run_id,
            "flowFile": f"/home/{user}/flows/{flow.lower()}.py",
            "codeSha": self.blob(f"class {flow}: pass\n".encode("utf-8")),
            "user": user,
            "tags": [f"user:{user}", *tags],
            "parameters": parameters or {},
            "startedAt": f"2026-12-01T10:{n % 60:02d}:00.000Z",
            "backend": "local",
            "maxWorkers": 2,
            "engine": engine or {"host": "elsewhere", "pid": 1},
        }
        if origin:
            record["origin"] = origin
        self._write(f"runs/{flow}/{run_id}/run.json", record)
        if status is not None:
            end = {"version": 1, "status": status, "finishedAt": f"2026-12-01T11:{n % 60:02d}:00.000Z"}
            if status == "failed":
                end["message"] = 'Step "start" failed'
                end["failedSteps"] = ["start"]
            self._write(f"runs/{flow}/{run_id}/end.json", end)
        return run_id

    def task(self, flow, run_id, step, artifacts=None, status="succeeded", split_stack=(), stdout="", stderr="",
             attempts=1, origin=None, finished=True, exception=None):
        """A task with its attempts' records and logs; returns its id."""
        key = (flow, run_id)
        self.task_counter[key] = self.task_counter.get(key, 0) + 1
        task_id = str(self.task_counter[key])
        base = f"runs/{flow}/{run_id}/tasks/{step}/{task_id}"
        for attempt in range(0 if origin else attempts):
            self._write(f"{base}/attempt-{attempt}/start.json", {"version": 1, "attempt": attempt, "startedAt": "2026-12-01T10:00:01.000Z", "backend": "local"})
            for stream, text in (("stdout", stdout), ("stderr", stderr)):
                path = os.path.join(self.root, *base.split("/"), f"attempt-{attempt}", f"{stream}.log")
                with open(path, "w", encoding="utf-8") as file:
                    file.write(f"attempt {attempt}: {text}" if attempts > 1 else text)
        if finished:
            record = {
                "version": 1,
                "step": step,
                "taskId": task_id,
                "status": status,
                "startedAt": "2026-12-01T10:00:01.000Z",
                "finishedAt": "2026-12-01T10:00:02.500Z",
                "attempts": attempts,
                "splitStack": list(split_stack),
                "inputs": [],
                "artifacts": artifacts or {},
            }
            if origin:
                record["origin"] = origin
            if exception:
                record["exception"] = exception
            self._write(f"{base}/task.json", record)
        return task_id

    def tag_event(self, flow, run_id, event_id, op, tag, user="alice"):
        self._write(f"runs/{flow}/{run_id}/tags/{event_id}.json", {"version": 1, "op": op, "tag": tag, "user": user, "at": "2026-12-01T12:00:00.000Z"})

    @staticmethod
    def here():
        return {"host": socket.gethostname(), "pid": os.getpid()}


class ClientCase(unittest.TestCase):
    """A fresh store as FLOWBENCH_HOME, the user alice, and the default namespace."""

    def setUp(self):
        from flowbench import default_namespace

        self.store = StoreBuilder()
        patcher = mock.patch.dict(os.environ, {"FLOWBENCH_HOME": self.store.root, "FLOWBENCH_USER": "alice"})
        patcher.start()
        self.addCleanup(patcher.stop)
        self.addCleanup(self.store.close)
        default_namespace()
        self.addCleanup(default_namespace)
