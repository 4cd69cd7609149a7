"""The container agent: a task's files in on stdin, its logs, out/ files and exit back in frames."""

import json
import os
import subprocess
import tempfile
import unittest

from harness import PYTHON, MiniEngine, flow_path, runtime_env

FLOW = flow_path("agent_flow.py")
TIMEOUT = 20


class AgentProcess:
    def __init__(self, test_case, tasks_dir, work_dir):
        self.process = subprocess.Popen(
            [PYTHON, "-m", "flowbench.container_agent", "--preload", FLOW],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=runtime_env({"FLOWBENCH_AGENT_TASKS": tasks_dir}),
            cwd=work_dir,
        )
        test_case.addCleanup(self.stop)

    def send_task(self, key, files):
        """files: {relative path: bytes}."""
        header = {"task": key, "files": [[path, len(data), 0o644] for path, data in files.items()]}
        self.process.stdin.write((json.dumps(header) + "\n").encode() + b"".join(files.values()))
        self.process.stdin.flush()

    def frame(self):
        header = self.process.stdout.read(5)
        if len(header) < 5:
            return None, None
        return header[:1].decode(), self.process.stdout.read(int.from_bytes(header[1:], "big"))

    def frames_until_exit(self, key):
        """(logs by kind, {path: bytes}, the exited event), in the order the agent sent them."""
        logs, files, current = {"o": b"", "r": b""}, {}, None
        while True:
            kind, payload = self.frame()
            if kind is None:
                raise AssertionError("the agent's stdout ended")
            if kind in logs:
                logs[kind] += payload
            elif kind == "F":
                current = payload.decode()
                files[current] = b""
            elif kind == "d":
                files[current] += payload
            elif kind == "e":
                event = json.loads(payload)
                if event.get("event") in ("exited", "error"):
                    return logs, files, event

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            stream.close()


class ContainerAgentTest(unittest.TestCase):
    def setUp(self):
        self.engine = MiniEngine(self)
        self.tasks = tempfile.mkdtemp(prefix="flowbench-agent-")
        self.addCleanup(lambda: subprocess.run(["rm", "-rf", self.tasks], check=False))
        self.work = tempfile.mkdtemp(prefix="flowbench-agent-work-")
        self.addCleanup(lambda: subprocess.run(["rm", "-rf", self.work], check=False))
        self.agent = AgentProcess(self, self.tasks, self.work)

    def task_files(self, key, step, **extra):
        out = os.path.join(self.tasks, key, "out")
        spec = self.engine.spec(FLOW, "AgentFlow", step, parameters={"out_dir": out}, output_dir=out)
        return {"spec.json": json.dumps(spec).encode(), **extra}

    def test_a_task_gets_its_files_and_sends_back_logs_outputs_and_exit(self):
        self.agent.send_task("t1", self.task_files("t1", "start", **{"in/given.txt": b"hello"}))
        logs, files, exited = self.agent.frames_until_exit("t1")
        self.assertEqual(exited, {"id": "t1", "event": "exited", "code": 0, "signal": None})
        self.assertEqual(logs, {"o": b"to stdout\n", "r": b"to stderr\n"})
        result = json.loads(files.pop("result.json"))
        self.assertEqual(result["status"], "ok", result)
        given = result["artifacts"]["given"]
        self.assertEqual(json.loads(files[f"blobs/{given['sha']}"]), "hello")
        # The task's folder goes once its outputs are sent.
        self.assertEqual(os.listdir(self.tasks), [])

        # The agent carries on with the next task, in an emptied working folder; EOF on stdin ends it.
        self.assertEqual(os.listdir(self.work), [])
        self.agent.send_task("t2", self.task_files("t2", "start", **{"in/given.txt": b"again"}))
        _, files, exited = self.agent.frames_until_exit("t2")
        self.assertEqual(exited["code"], 0)
        self.assertEqual(json.loads(files["result.json"])["artifacts"]["found_in_cwd"]["preview"], "[]")
        self.agent.process.stdin.close()
        self.assertEqual(self.agent.process.wait(timeout=TIMEOUT), 0)

    def test_only_regular_files_of_out_come_back(self):
        self.agent.send_task("t1", self.task_files("t1", "links"))
        _, files, exited = self.agent.frames_until_exit("t1")
        self.assertEqual(exited["code"], 0)
        self.assertEqual(files["sub/kept.txt"], b"kept")
        self.assertNotIn("escape", files)

    def test_a_request_with_an_unsafe_path_is_refused_and_nothing_is_written(self):
        self.agent.send_task("t1", {"../escaped.txt": b"x"})
        _, _, event = self.agent.frames_until_exit("t1")
        self.assertEqual(event["event"], "error")
        self.assertIn("unsafe path", event["error"])
        self.assertFalse(os.path.exists(os.path.join(os.path.dirname(self.tasks), "escaped.txt")))
        # Its bytes were skipped: the next request is read whole.
        self.agent.send_task("t2", self.task_files("t2", "start", **{"in/given.txt": b"next"}))
        self.assertEqual(self.agent.frames_until_exit("t2")[2]["code"], 0)


if __name__ == "__main__":
    unittest.main()
