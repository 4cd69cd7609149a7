"""Loading flow files: the metaflow shim, sibling imports, bare MyFlow(), broken files."""

import os
import subprocess
import tempfile

from harness import PYTHON, TaskTestCase, flow_path, runtime_env


class LoadingTest(TaskTestCase):
    def write_flow(self, source):
        path = os.path.join(self.engine.root, "broken_flow.py")
        with open(path, "w", encoding="utf-8") as file:
            file.write(source)
        return path

    def test_a_metaflow_flow_runs_unchanged(self):
        outcome = self.engine.run(flow_path("metaflow_flow.py"), "HelloFlow", "start", parameters={"greeting": "hey"})
        self.assertOk(outcome)
        self.assertEqual(outcome.value("value"), 42)
        self.assertEqual(outcome.value("runtime_module"), "flowbench.flowspec")
        self.assertEqual(outcome.value("greeting_seen"), "hey")
        self.assertEqual(outcome.value("pathspec"), f"HelloFlow/run-1/start/{outcome.task_id}")
        self.assertEqual(outcome.stderr, "")

    def test_an_unknown_flow_class_names_the_ones_found(self):
        outcome = self.engine.run(flow_path("metaflow_flow.py"), "NoSuchFlow", "start")
        self.assertFailed(outcome, "has no flow class 'NoSuchFlow' (a subclass of FlowSpec); flow classes found: HelloFlow")

    def test_an_unknown_step_fails_clearly(self):
        outcome = self.engine.run(flow_path("metaflow_flow.py"), "HelloFlow", "nope")
        self.assertFailed(outcome, "Flow HelloFlow has no step 'nope'")

    def test_a_flow_that_does_not_import_reports_why(self):
        path = self.write_flow("from flowbench import FlowSpec\nimport not_a_module_anywhere\n")
        outcome = self.engine.run(path, "BrokenFlow", "start")
        self.assertFailed(outcome, "No module named 'not_a_module_anywhere'")
        self.assertEqual(outcome.exception["type"], "ModuleNotFoundError")

    def test_a_syntax_error_reports_the_line(self):
        path = self.write_flow("from flowbench import FlowSpec\n\ndef broken(:\n")
        outcome = self.engine.run(path, "BrokenFlow", "start")
        self.assertEqual(outcome.exception["type"], "SyntaxError")
        self.assertIn('broken_flow.py", line 3', outcome.exception["traceback"])

    def test_an_unreadable_spec_exits_2_without_a_result(self):
        process = subprocess.run(
            [PYTHON, "-m", "flowbench.task", "/nonexistent/SPEC.json"], capture_output=True, text=True, env=runtime_env()
        )
        self.assertEqual(process.returncode, 2)
        self.assertIn("cannot read the task spec", process.stderr)

    def test_a_spec_without_required_fields_exits_2(self):
        spec_path = self.engine.write_spec({"output_dir": os.path.join(self.engine.root, "out"), "step": "start"})
        process = subprocess.run([PYTHON, "-m", "flowbench.task", spec_path], capture_output=True, text=True, env=runtime_env())
        self.assertEqual(process.returncode, 2)
        self.assertIn("it lacks flow_file, flow_class, flow_name, run_id, task_id", process.stderr)

    def test_the_task_path_imports_neither_json_nor_pickle_nor_pandas(self):
        spec_path = self.engine.write_spec(self.engine.spec(flow_path("trivial_flow.py"), "TrivialFlow", "start"))
        script = (
            "import sys\n"
            "before = set(sys.modules)  # whatever this Python's site imports anyway\n"
            "import flowbench.task\n"
            f"assert flowbench.task.run_task({spec_path!r}) == 0\n"
            "heavy = ('re', 'json', 'pickle', 'hashlib', 'pandas', 'inspect')\n"
            "print(sorted(m for m in heavy if m in sys.modules and m not in before))"
        )
        process = subprocess.run([PYTHON, "-c", script], capture_output=True, text=True, env=runtime_env())
        self.assertEqual(process.stdout.strip(), "[]", process.stderr)

    def test_the_working_folder_is_not_importable_but_the_flows_folder_is(self):
        # `python -m flowbench.task` puts the working folder first on sys.path; a task takes it
        # off, so a module the run's code package does not hold cannot be imported.
        with tempfile.TemporaryDirectory() as working:
            with open(os.path.join(working, "only_here.py"), "w") as module:
                module.write("X = 1\n")
            script = (
                "import os, sys\n"
                "from flowbench.flow_loader import leave_working_folder_off_path\n"
                "leave_working_folder_off_path()\n"
                "print(os.getcwd() in sys.path, '' in sys.path)\n"
                "import only_here\n"
            )
            process = subprocess.run([PYTHON, "-c", script], cwd=working, capture_output=True, text=True, env=runtime_env())
        self.assertEqual(process.stdout.strip(), "False False", process.stderr)
        self.assertIn("No module named 'only_here'", process.stderr)
