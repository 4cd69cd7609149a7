"""The package as people get it: `import flowbench` stays as light as a task needs, the client
loads on first use, and `pip install resources/python` builds a wheel with no network."""

import base64
import csv
import hashlib
import io
import json
import os
import subprocess
import sys
import tempfile
import unittest
import zipfile

RUNTIME_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(RUNTIME_DIR, "build_backend"))

import flowbench_build  # noqa: E402

# Every name the client exports must come through `flowbench` lazily: the test reads the client's
# own __all__ (flowbench/lazy_exports.py), so a name listed there that the client lacks fails here.
CLIENT_NAMES = sorted(json.loads(subprocess.run(
    [sys.executable, "-c", "import json, flowbench.client as c; print(json.dumps(c.__all__))"],
    env=dict(os.environ, PYTHONPATH=RUNTIME_DIR), capture_output=True, text=True, check=True,
).stdout))


def python(code, cwd=None, env=None, executable=sys.executable):
    done = subprocess.run([executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise AssertionError(f"python failed ({done.returncode}):\n{done.stderr}")
    return done.stdout


class LazyClientTest(unittest.TestCase):
    def test_import_flowbench_does_not_load_the_client(self):
        env = dict(os.environ, PYTHONPATH=RUNTIME_DIR, PYTHONDONTWRITEBYTECODE="1")
        loaded = json.loads(python(
            "import sys; before = set(sys.modules); import flowbench; import flowbench.task\n"
            "import json; print(json.dumps(sorted(set(sys.modules) - before)))",
            env=env,
        ))
        self.assertFalse([name for name in loaded if name.startswith("flowbench.client")], loaded)
        # The client's own imports (pickle, json, subprocess, datetime) stay off the task path too.
        self.assertNotIn("subprocess", loaded)
        self.assertNotIn("datetime", loaded)

    def test_the_client_names_load_it_on_first_use(self):
        env = dict(os.environ, PYTHONPATH=RUNTIME_DIR)
        out = python(
            "import sys, flowbench\n"
            f"from flowbench import {', '.join(CLIENT_NAMES)}\n"
            "print('flowbench.client' in sys.modules, Flow.__module__, Task.__module__, flowbench.task.__name__ if hasattr(flowbench, 'task') else '-')\n"
            "print(all(name in dir(flowbench) for name in " + repr(CLIENT_NAMES) + "))\n"
            "try:\n    flowbench.Flw\nexcept AttributeError as error:\n    print(error)",
            env=env,
        )
        self.assertEqual(
            out.splitlines(),
            ["True flowbench.client.flow flowbench.client.task -", "True", "module 'flowbench' has no attribute 'Flw'"],
        )

    def test_from_metaflow_import_flow_works_inside_a_step(self):
        # The step runtime maps `metaflow` to flowbench; the client names come through it lazily.
        env = dict(os.environ, PYTHONPATH=RUNTIME_DIR)
        out = python("from flowbench.flow_loader import install_metaflow_shim; import flowbench; install_metaflow_shim()\n"
                     "from metaflow import Flow, namespace; print(Flow.__name__, namespace(None))", env=env)
        self.assertEqual(out.strip(), "Flow None")


class WheelTest(unittest.TestCase):
    def test_the_wheel_holds_the_package_and_a_true_record(self):
        with tempfile.TemporaryDirectory() as folder:
            name = flowbench_build.build_wheel(folder)
            self.assertEqual(name, "flowbench-0.1.0-py3-none-any.whl")
            with zipfile.ZipFile(os.path.join(folder, name)) as wheel:
                names = wheel.namelist()
                record = list(csv.reader(io.StringIO(wheel.read("flowbench-0.1.0.dist-info/RECORD").decode())))
                for path, digest, size in record:
                    if path.endswith("RECORD"):
                        self.assertEqual((digest, size), ("", ""))
                        continue
                    data = wheel.read(path)
                    expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
                    self.assertEqual((digest, int(size)), (f"sha256={expected}", len(data)), path)
                metadata = wheel.read("flowbench-0.1.0.dist-info/METADATA").decode()
            self.assertIn("flowbench/client/flow.py", names)
            self.assertIn("flowbench/task.py", names)
            self.assertFalse([n for n in names if n.endswith(".pyc") or "__pycache__" in n])
            self.assertEqual(sorted(path for path, _, _ in record), sorted(names))
            self.assertIn("Name: flowbench\nVersion: 0.1.0\n", metadata)

    def test_two_builds_are_identical(self):
        with tempfile.TemporaryDirectory() as first, tempfile.TemporaryDirectory() as second:
            a = os.path.join(first, flowbench_build.build_wheel(first))
            b = os.path.join(second, flowbench_build.build_wheel(second))
            with open(a, "rb") as one, open(b, "rb") as two:
                self.assertEqual(one.read(), two.read())


def system_pip_can_target_a_venv():
    """pip >= 22.3 installs into another environment (`--python`): no pip needed in the venv."""
    done = subprocess.run([sys.executable, "-m", "pip", "--version"], capture_output=True, text=True)
    if done.returncode != 0:
        return False
    major, minor = (int(part) for part in done.stdout.split()[1].split(".")[:2])
    return (major, minor) >= (22, 3)


def venv_with_pip_available():
    try:
        import ensurepip  # noqa: F401  (Debian: python3-venv, see scripts/provision.sh)
    except ImportError:
        return False
    return True


@unittest.skipUnless(
    system_pip_can_target_a_venv() or venv_with_pip_available(),
    "this Python has neither pip >= 22.3 nor ensurepip to install into a venv (Debian: apt-get install python3-venv)",
)
class OfflineInstallTest(unittest.TestCase):
    def test_pip_install_with_no_index_then_read_a_store(self):
        with tempfile.TemporaryDirectory() as folder:
            venv = os.path.join(folder, "venv")
            bin_dir = "Scripts" if os.name == "nt" else "bin"
            venv_python = os.path.join(venv, bin_dir, "python")
            # Seeding a venv with its own pip (ensurepip) takes ~5-20 s; this pip can install
            # into it just the same, through the same isolated PEP 517 build.
            fast = system_pip_can_target_a_venv()
            subprocess.run([sys.executable, "-m", "venv", *(["--without-pip"] if fast else []), venv], check=True, capture_output=True)
            pip = [sys.executable, "-m", "pip", "--python", venv_python] if fast else [venv_python, "-m", "pip"]
            env = {key: value for key, value in os.environ.items() if not key.startswith(("PIP_", "PYTHON"))}
            env["PIP_NO_INDEX"] = "1"  # any download attempt fails the test
            done = subprocess.run(pip + ["install", "--no-index", "--disable-pip-version-check", RUNTIME_DIR], capture_output=True, text=True, env=env)
            self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
            home = os.path.join(folder, "home")
            os.makedirs(os.path.join(home, "runs", "HelloFlow", "01M8SV00000000000000000001"))
            record = {"version": 1, "flow": "HelloFlow", "runId": "01M8SV00000000000000000001", "user": "ada", "tags": ["user:ada"],
                      "parameters": {"alpha": 2}, "startedAt": "2026-12-01T10:00:00.000Z", "engine": {"host": "x", "pid": 1}}
            with open(os.path.join(home, "runs", "HelloFlow", "01M8SV00000000000000000001", "run.json"), "w") as file:
                json.dump(record, file)
            out = python(
                "import flowbench; from flowbench import Flow; run = Flow('HelloFlow').latest_run\n"
                "print(flowbench.__file__.startswith(%r), run.id, run.parameters['alpha'])" % os.path.join(venv, ""),
                cwd=folder,
                env=dict(env, FLOWBENCH_HOME=home, FLOWBENCH_USER="ada"),
                executable=venv_python,
            )
            self.assertEqual(out.strip(), "True 01M8SV00000000000000000001 2")
            self.assertFalse(os.path.exists(os.path.join(RUNTIME_DIR, "build")), "the build wrote into the source tree")


if __name__ == "__main__":
    unittest.main()
