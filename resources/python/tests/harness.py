"""A miniature engine for the tests: writes task specs, runs `python -m flowbench.task`, and
keeps every blob by sha so a later task's spec can point at its inputs' artifacts."""

import json
import os
import pickle
import subprocess
import sys
import tempfile
import unittest

RUNTIME_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FLOWS_DIR = os.path.join(RUNTIME_DIR, "tests", "flows")
PYTHON = sys.executable


def flow_path(name):
    return os.path.join(FLOWS_DIR, name)


def runtime_env(extra=None):
    env = dict(os.environ)
    env["PYTHONPATH"] = RUNTIME_DIR
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(extra or {})
    return env


class TaskOutcome:
    def __init__(self, engine, step, task_id, output_dir, process):
        self.engine = engine
        self.step = step
        self.task_id = task_id
        self.output_dir = output_dir
        self.exit_code = process.returncode
        self.stdout = process.stdout
        self.stderr = process.stderr
        result_path = os.path.join(output_dir, "result.json")
        self.result = None
        if os.path.exists(result_path):
            with open(result_path, encoding="utf-8") as file:
                self.result = json.load(file)

    @property
    def status(self):
        return self.result["status"]

    @property
    def artifacts(self):
        return self.result["artifacts"]

    @property
    def transition(self):
        return self.result["transition"]

    @property
    def exception(self):
        return self.result["exception"]

    def written_blobs(self):
        folder = os.path.join(self.output_dir, "blobs")
        return sorted(os.listdir(folder)) if os.path.isdir(folder) else []

    def value(self, name):
        record = self.artifacts[name]
        with open(self.engine.blob_paths[record["sha"]], "rb") as file:
            data = file.read()
        return json.loads(data) if record["encoding"] == "json" else pickle.loads(data)


class MiniEngine:
    def __init__(self, test_case):
        self._tmp = tempfile.TemporaryDirectory(prefix="flowbench-test-")
        test_case.addCleanup(self._tmp.cleanup)
        self.root = self._tmp.name
        self.blob_paths = {}
        self._next_task_id = 0

    def spec(self, flow_file, flow_class, step, inputs=(), **fields):
        self._next_task_id += 1
        task_id = str(self._next_task_id)
        spec = {
            "protocol": 1,
            "flow_file": flow_file,
            "flow_class": flow_class,
            "flow_name": flow_class,
            "step": step,
            "run_id": "run-1",
            "task_id": task_id,
            "retry_count": 0,
            "max_user_code_retries": 0,
            "username": "tester",
            "tags": ["user:tester"],
            "parameters": {},
            "inputs": [self.input_entry(outcome) for outcome in inputs],
            "foreach_stack": [],
            "environment": {},
            "output_dir": os.path.join(self.root, f"task-{task_id}", "out"),
        }
        spec.update(fields)
        return spec

    def input_entry(self, outcome):
        return {
            "step": outcome.step,
            "task_id": outcome.task_id,
            "artifacts": {
                name: dict(record, path=self.blob_paths[record["sha"]]) for name, record in outcome.artifacts.items()
            },
        }

    def write_spec(self, spec):
        spec_path = os.path.join(os.path.dirname(spec["output_dir"]), "SPEC.json")
        os.makedirs(spec["output_dir"], exist_ok=True)
        with open(spec_path, "w", encoding="utf-8") as file:
            json.dump(spec, file)
        return spec_path

    def run_spec(self, spec):
        spec_path = self.write_spec(spec)
        process = subprocess.run(
            [PYTHON, "-m", "flowbench.task", spec_path], capture_output=True, text=True, env=runtime_env(), timeout=60
        )
        return self.collect(spec, process)

    def collect(self, spec, process):
        outcome = TaskOutcome(self, spec["step"], spec["task_id"], spec["output_dir"], process)
        for sha in outcome.written_blobs():
            self.blob_paths[sha] = os.path.join(spec["output_dir"], "blobs", sha)
        return outcome

    def run(self, flow_file, flow_class, step, inputs=(), **fields):
        return self.run_spec(self.spec(flow_file, flow_class, step, inputs, **fields))


class TaskTestCase(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        self.engine = MiniEngine(self)

    def assertOk(self, outcome, status="ok"):
        detail = f"stderr:\n{outcome.stderr}\nresult: {outcome.result}"
        self.assertIsNotNone(outcome.result, detail)
        self.assertEqual(outcome.status, status, detail)
        self.assertEqual(outcome.exit_code, 0, detail)

    def assertFailed(self, outcome, message_part):
        detail = f"stderr:\n{outcome.stderr}\nresult: {outcome.result}"
        self.assertIsNotNone(outcome.result, detail)
        self.assertEqual(outcome.status, "error", detail)
        self.assertEqual(outcome.exit_code, 1, detail)
        self.assertIn(message_part, outcome.exception["message"], detail)
