"""Parameters: found through base classes, defaults evaluated once with Metaflow's context."""

import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from flowbench import FlowSpec, JSONType, Parameter  # noqa: E402
from flowbench import lean_json  # noqa: E402
from flowbench.parameters import flow_parameters  # noqa: E402


class Base(FlowSpec):
    alpha = Parameter("alpha", default=0.5)
    gone = Parameter("gone", default=1)


class Child(Base):
    gone = None  # replaced: no longer a parameter
    lr = Parameter("learning-rate", default=lambda ctx: 0.1, type=float)
    config = Parameter("config", default="{}", type=JSONType)


class FlowParametersTest(unittest.TestCase):
    def test_finds_inherited_parameters_by_attribute(self):
        found = dict(flow_parameters(Child))
        self.assertEqual(sorted(found), ["alpha", "config", "lr"])
        self.assertEqual(found["lr"].name, "learning-rate")
        self.assertEqual(found["lr"].type_name(), "float")
        self.assertEqual(found["config"].type_name(), "json")
        self.assertIsNone(found["alpha"].type_name())


class ResolveDefaultsTest(unittest.TestCase):
    def run_request(self, source, names, given=()):
        with tempfile.TemporaryDirectory() as folder:
            flow_file = os.path.join(folder, "flow.py")
            with open(flow_file, "w") as file:
                file.write(textwrap.dedent(source))
            request = {"flow_file": flow_file, "flow_class": "F", "flow_name": "F", "username": "ada", "names": names, "given": list(given)}
            env = dict(os.environ, PYTHONPATH=os.path.dirname(HERE))
            done = subprocess.run(
                [sys.executable, "-m", "flowbench.resolve_defaults", lean_json.dumps(request)],
                capture_output=True, text=True, env=env, check=False,
            )
            return lean_json.loads(done.stdout.strip().splitlines()[-1]), done

    def test_calls_a_function_with_the_context_once_and_keeps_prints_off_stdout(self):
        answer, done = self.run_request(
            """
            from flowbench import FlowSpec, Parameter, step
            print("imported")
            N = 2**60 + 1

            class F(FlowSpec):
                who = Parameter("who", default=lambda ctx: f"{ctx.flow_name}/{ctx.user_name}/{ctx.parameter_name}")
                n = Parameter("n", default=N)
                skipped = Parameter("skipped", default=lambda ctx: 1 / 0, type=int)
            """,
            ["who", "n", "skipped"],
            given=["skipped"],
        )
        self.assertEqual(done.returncode, 0, done.stderr)
        defaults = answer["defaults"]
        self.assertEqual(defaults["who"], {"value": "F/ada/who", "type": None, "callable": True})
        self.assertEqual(defaults["n"]["value"], 2**60 + 1)
        self.assertEqual(defaults["skipped"], {"value": None, "type": "int", "callable": True, "skipped": True})
        self.assertIn("imported", done.stderr)

    def test_says_which_default_failed_and_why(self):
        answer, done = self.run_request(
            """
            from flowbench import FlowSpec, Parameter

            class F(FlowSpec):
                bad = Parameter("bad", default=lambda ctx: {1, 2})
            """,
            ["bad"],
        )
        self.assertEqual(done.returncode, 1)
        self.assertIn("Parameter 'bad': its default is a set", answer["error"])


if __name__ == "__main__":
    unittest.main()
