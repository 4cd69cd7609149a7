"""The warm worker: forks per request, logs to files, reports exits and signals."""

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest

from harness import PYTHON, RUNTIME_DIR, MiniEngine, flow_path, runtime_env

FLOW = flow_path("worker_flow.py")
TIMEOUT = 10


class WorkerProcess:
    def __init__(self, test_case, preload, env=None, cwd=None):
        preload_args = [] if preload is None else ["--preload", preload]
        self.process = subprocess.Popen(
            [PYTHON, "-m", "flowbench.worker", *preload_args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env or runtime_env(),
            cwd=cwd,
        )
        test_case.addCleanup(self.stop)
        self.lines = queue.Queue()
        self.raw_lines = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.raw_lines.append(line)
            self.lines.put(json.loads(line))

    def send(self, message):
        self.process.stdin.write((json.dumps(message) + "\n").encode())
        self.process.stdin.flush()

    def next_event(self):
        return self.lines.get(timeout=TIMEOUT)

    def events_until_exited(self, ids):
        """All events until every id in `ids` has exited, keyed by (id, event)."""
        events, waiting = {}, set(ids)
        while waiting:
            event = self.next_event()
            events[(event.get("id"), event["event"])] = event
            if event["event"] == "exited":
                waiting.discard(event["id"])
        return events

    def finish(self, how):
        if how == "eof":
            self.process.stdin.close()
        else:
            self.send({"shutdown": True})
        return self.process.wait(timeout=TIMEOUT)

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            try:
                stream.close()
            except (OSError, ValueError):
                pass


class WorkerTest(unittest.TestCase):
    def setUp(self):
        self.engine = MiniEngine(self)

    def request(self, worker, request_id, step):
        spec = self.engine.spec(FLOW, "WorkerFlow", step)
        task_dir = os.path.dirname(spec["output_dir"])
        worker.send(
            {
                "id": request_id,
                "spec": self.engine.write_spec(spec),
                "stdout": os.path.join(task_dir, "stdout.log"),
                "stderr": os.path.join(task_dir, "stderr.log"),
            }
        )
        return spec

    def read(self, spec, name):
        path = os.path.join(os.path.dirname(spec["output_dir"]), name)
        with open(path, encoding="utf-8") as file:
            return file.read()

    def test_concurrent_tasks_log_to_their_files_and_exit_cleanly(self):
        worker = WorkerProcess(self, FLOW)
        specs = {request_id: self.request(worker, request_id, "start") for request_id in ("t1", "t2")}
        events = worker.events_until_exited(specs)
        pids = set()
        for request_id, spec in specs.items():
            pid = events[(request_id, "started")]["pid"]
            pids.add(pid)
            self.assertEqual(events[(request_id, "exited")], {"id": request_id, "event": "exited", "code": 0, "signal": None})
            self.assertEqual(self.read(spec, "stdout.log"), f"hello from {pid}\n")
            self.assertEqual(self.read(spec, "stderr.log"), "to stderr\n")
            with open(os.path.join(spec["output_dir"], "result.json"), encoding="utf-8") as file:
                self.assertEqual(json.load(file)["status"], "ok")
        self.assertEqual(len(pids), 2)
        self.assertNotIn(worker.process.pid, pids)
        self.assertEqual(worker.finish("shutdown"), 0)
        # The flow printed while being preloaded: that went to stderr, not among the events.
        self.assertIn(b"worker_flow imported", worker.process.stderr.read())
        self.assertTrue(all(line.startswith(b"{") for line in worker.raw_lines))

    def test_started_without_a_flow_it_preloads_the_one_its_first_request_names(self):
        # What `flowbench run` does: the interpreter starts before the run's code is checked out.
        worker = WorkerProcess(self, None)
        # It first says which interpreter it is (the engine records that with the run).
        ready = worker.next_event()
        self.assertEqual(ready["event"], "ready")
        self.assertEqual(ready["python"]["path"], PYTHON)
        self.assertRegex(ready["python"]["version"], r"^3\.\d+\.\d+$")
        worker.send({"preload": FLOW})
        spec = self.request(worker, "t1", "start")
        events = worker.events_until_exited(["t1"])
        self.assertEqual(events[("t1", "exited")]["code"], 0)
        self.assertEqual(self.read(spec, "stdout.log"), f"hello from {events[('t1', 'started')]['pid']}\n")
        # Once, and only before the first task.
        worker.send({"preload": FLOW})
        self.assertEqual(worker.next_event()["event"], "error")
        self.assertEqual(worker.finish("shutdown"), 0)
        # Imported once, by the preload: the task's fork did not import it again.
        self.assertEqual(worker.process.stderr.read().count(b"worker_flow imported"), 1)

    def test_the_runtime_keeps_its_bytecode_and_the_flow_leaves_none_beside_it(self):
        # The engine starts the worker with bytecode writing on: the runtime is compiled once and
        # kept beside it; the flow, what it imports and what a task imports later write nothing.
        folder = tempfile.mkdtemp(prefix="flowbench-bytecode-")
        self.addCleanup(shutil.rmtree, folder, True)
        runtime = os.path.join(folder, "runtime")
        shutil.copytree(os.path.join(RUNTIME_DIR, "flowbench"), os.path.join(runtime, "flowbench"),
                        ignore=shutil.ignore_patterns("__pycache__"))
        code = os.path.join(folder, "code")
        os.makedirs(code)
        for name, text in {
            "helper_at_import.py": "VALUE = 1\n",
            "helper_in_task.py": "VALUE = 2\n",
            "bytecode_flow.py": (
                "import os, sys\n"
                "import helper_at_import\n"
                "from flowbench import FlowSpec, step\n\n\n"
                "class BytecodeFlow(FlowSpec):\n"
                "    @step\n"
                "    def start(self):\n"
                "        import helper_in_task\n"
                "        print(os.environ.get('PYTHONDONTWRITEBYTECODE'), sys.dont_write_bytecode)\n"
                "        self.next(self.end)\n\n"
                "    @step\n"
                "    def end(self):\n"
                "        pass\n"
            ),
        }.items():
            with open(os.path.join(code, name), "w", encoding="utf-8") as file:
                file.write(text)
        env = dict(os.environ, PYTHONPATH=runtime, PYTHONUNBUFFERED="1")
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.pop("PYTHONPYCACHEPREFIX", None)
        # Started outside resources/python: `-m` puts the current folder first on sys.path, and
        # the runtime must come from the copy.
        worker = WorkerProcess(self, None, env, cwd=folder)
        self.assertEqual(worker.next_event()["event"], "ready")
        flow = os.path.join(code, "bytecode_flow.py")
        worker.send({"preload": flow})
        spec = self.engine.spec(flow, "BytecodeFlow", "start")
        task_dir = os.path.dirname(spec["output_dir"])
        worker.send({"id": "t1", "spec": self.engine.write_spec(spec),
                     "stdout": os.path.join(task_dir, "stdout.log"), "stderr": os.path.join(task_dir, "stderr.log")})
        events = worker.events_until_exited(["t1"])
        self.assertEqual(events[("t1", "exited")]["code"], 0, self.read(spec, "stderr.log"))
        self.assertEqual(worker.finish("shutdown"), 0)
        # A step, and any Python it starts, is told not to write bytecode either.
        self.assertEqual(self.read(spec, "stdout.log"), "1 True\n")
        self.assertFalse(os.path.exists(os.path.join(code, "__pycache__")))
        compiled = os.listdir(os.path.join(runtime, "flowbench", "__pycache__"))
        for module in ("__init__", "worker", "task", "flow_loader", "artifact_store"):
            self.assertTrue([n for n in compiled if n.startswith(module + ".")], f"{module} was not compiled: {compiled}")

    def test_rarely_needed_modules_are_imported_into_the_worker_only_for_a_longer_run(self):
        # A short run does not pay for hashlib and traceback; a longer one imports them once, so
        # its later tasks (a failure, a blob of a MiB) inherit them instead of importing each time.
        from flowbench.worker import EXTRAS_AFTER_FORKS

        worker = WorkerProcess(self, FLOW)
        printed = []
        for n in range(EXTRAS_AFTER_FORKS + 1):
            spec = self.request(worker, f"t{n}", "imports")
            worker.events_until_exited([f"t{n}"])
            printed.append(self.read(spec, "stdout.log").strip())
        self.assertEqual(printed[:EXTRAS_AFTER_FORKS], [""] * EXTRAS_AFTER_FORKS)
        self.assertEqual(printed[EXTRAS_AFTER_FORKS], "hashlib traceback")
        self.assertEqual(worker.finish("shutdown"), 0)

    def test_a_killed_or_failing_task_is_reported_and_the_worker_carries_on(self):
        worker = WorkerProcess(self, FLOW)
        slow = self.request(worker, "slow", "slow")
        started = worker.next_event()
        self.assertEqual((started["id"], started["event"]), ("slow", "started"))
        deadline = time.monotonic() + TIMEOUT
        log = os.path.join(os.path.dirname(slow["output_dir"]), "stdout.log")
        while not (os.path.exists(log) and "sleeping" in self.read(slow, "stdout.log")):  # printed live
            self.assertLess(time.monotonic(), deadline, "the task's print never reached its log")
            time.sleep(0.01)
        os.killpg(started["pid"], signal.SIGKILL)  # the engine kills the task's process group
        self.assertEqual(worker.next_event(), {"id": "slow", "event": "exited", "code": None, "signal": "SIGKILL"})
        self.assertFalse(os.path.exists(os.path.join(slow["output_dir"], "result.json")))

        fails = self.request(worker, "fails", "fails")
        events = worker.events_until_exited(["fails"])
        self.assertEqual(events[("fails", "exited")]["code"], 1)
        self.assertIn("RuntimeError: fails in the worker", self.read(fails, "stderr.log"))

        self.request(worker, "after", "start")
        events = worker.events_until_exited(["after"])
        self.assertEqual(events[("after", "exited")]["code"], 0)
        self.assertEqual(worker.finish("eof"), 0)

    def start_spawning_task(self, worker):
        """A task that started a helper process and sleeps; returns (task pid, helper pid)."""
        spec = self.request(worker, "spawns", "spawns")
        deadline = time.monotonic() + TIMEOUT
        log = os.path.join(os.path.dirname(spec["output_dir"]), "stdout.log")
        while not (os.path.exists(log) and "pids" in self.read(spec, "stdout.log")):
            self.assertLess(time.monotonic(), deadline, "the task never reported its pids")
            time.sleep(0.01)
        _, task_pid, helper_pid = self.read(spec, "stdout.log").split()
        return int(task_pid), int(helper_pid)

    def assert_gone(self, *pids):
        deadline = time.monotonic() + TIMEOUT
        while any(alive(pid) for pid in pids):
            self.assertLess(time.monotonic(), deadline, f"still running: {[p for p in pids if alive(p)]}")
            time.sleep(0.05)

    def test_eof_without_shutdown_means_the_engine_died_and_ends_the_tasks(self):
        worker = WorkerProcess(self, FLOW)
        task_pid, helper_pid = self.start_spawning_task(worker)
        self.assertTrue(alive(task_pid) and alive(helper_pid))
        self.assertEqual(worker.finish("eof"), 0)  # returns well before the task's 300 s sleep
        self.assert_gone(task_pid, helper_pid)

    def test_a_task_dies_with_a_killed_worker(self):
        if not sys.platform.startswith("linux"):
            self.skipTest("the parent-death signal is Linux's")
        worker = WorkerProcess(self, FLOW)
        task_pid, _ = self.start_spawning_task(worker)
        worker.process.kill()
        worker.process.wait()
        self.assert_gone(task_pid)

    def test_a_failed_preload_is_reported_and_tasks_still_run(self):
        worker = WorkerProcess(self, "/nonexistent/flow.py")
        event = worker.next_event()
        self.assertEqual(event["event"], "preload-failed")
        self.assertIn("FileNotFoundError", event["error"])
        self.request(worker, "t1", "start")
        events = worker.events_until_exited(["t1"])
        self.assertEqual(events[("t1", "exited")]["code"], 0)
        self.assertEqual(worker.finish("shutdown"), 0)


def alive(pid):
    """Whether a process exists and is not a zombie waiting to be reaped."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as file:
            return file.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


if __name__ == "__main__":
    unittest.main()
