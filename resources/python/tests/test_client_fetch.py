"""Blobs of pulled runs that are not local yet: the client asks `flowbench fetch-blob SHA` (here a
small fake command named by FLOWBENCH_CLI; the real one is exercised by
engine/cli/python-client.test.ts and, with a real S3 server, by the sync tests)."""

import os
import shutil
import stat
import sys
import tempfile
import textwrap
import unittest
from unittest import mock

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from flowbench import ArtifactUnavailable, Run  # noqa: E402
from flowbench.client.cli_command import flowbench_command  # noqa: E402
from store_builder import ClientCase  # noqa: E402

# What the engine's command does, in miniature: copy the blob from "the remote" into the store,
# print its path; log each call so the test can count them.
FAKE_CLI = textwrap.dedent(
    """
    import os, shutil, sys
    command, sha = sys.argv[1], sys.argv[2]
    with open(os.environ["FAKE_CALLS"], "a") as log:
        log.write(command + " " + sha + "\\n")
    source = os.path.join(os.environ["FAKE_REMOTE"], sha)
    if not os.path.exists(source):
        print("flowbench: no remote has blob " + sha + " (tried: origin).", file=sys.stderr)
        sys.exit(2)
    target = os.path.join(os.environ["FLOWBENCH_HOME"], "blobs", "sha256", sha[:2], sha)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    shutil.copyfile(source, target)
    print(target)
    """
)


class FetchTest(ClientCase):
    def setUp(self):
        super().setUp()
        self.scratch = tempfile.mkdtemp(prefix="flowbench-fetch-test-")
        self.addCleanup(shutil.rmtree, self.scratch, True)
        self.remote = os.path.join(self.scratch, "remote")
        os.makedirs(self.remote)
        script = os.path.join(self.scratch, "fake_flowbench.py")
        with open(script, "w") as file:
            file.write(FAKE_CLI)
        self.calls = os.path.join(self.scratch, "calls.log")
        patcher = mock.patch.dict(os.environ, {"FLOWBENCH_CLI": f"{sys.executable} {script}", "FAKE_REMOTE": self.remote, "FAKE_CALLS": self.calls})
        patcher.start()
        self.addCleanup(patcher.stop)
        # A teammate's run as `flowbench pull` leaves it: records here, the blob only on the remote.
        self.run_id = self.store.run("TrainFlow", 1, user="bob")
        record = self.store.artifact({"accuracy": 0.93})
        self.sha = record["sha"]
        shutil.move(self.store.blob_path(self.sha), os.path.join(self.remote, self.sha))
        self.store.task("TrainFlow", self.run_id, "end", {"metrics": record})

    def read(self):
        return Run(f"TrainFlow/{self.run_id}", _namespace_check=False).data.metrics

    def fetches(self):
        if not os.path.exists(self.calls):
            return []
        with open(self.calls) as file:
            return file.read().split()

    def test_a_missing_blob_is_fetched_once_then_read_locally(self):
        self.assertEqual(self.read(), {"accuracy": 0.93})
        self.assertEqual(self.fetches(), ["fetch-blob", self.sha])
        self.assertTrue(os.path.exists(self.store.blob_path(self.sha)))
        self.assertEqual(self.read(), {"accuracy": 0.93})
        self.assertEqual(len(self.fetches()), 2)  # no second call

    def test_a_failed_fetch_says_why_in_one_sentence(self):
        os.remove(os.path.join(self.remote, self.sha))
        with self.assertRaises(ArtifactUnavailable) as caught:
            self.read()
        message = str(caught.exception)
        self.assertIn(f"Artifact 'metrics' of TrainFlow/{self.run_id}/end/1: blob {self.sha} is not in the store at {self.store.root}", message)
        self.assertIn(f"fetch-blob {self.sha}` failed: flowbench: no remote has blob {self.sha} (tried: origin).", message)

    def test_a_fetched_blob_that_does_not_match_its_digest_is_refused(self):
        with open(os.path.join(self.remote, self.sha), "wb") as file:
            file.write(b'{"accuracy": 1.0}')
        with self.assertRaisesRegex(ArtifactUnavailable, r"is corrupt \(its content no longer matches its digest\)"):
            self.read()

    def test_without_any_flowbench_command_the_way_out_is_named(self):
        with mock.patch("flowbench.client.cli_command.flowbench_command", return_value=None):
            with self.assertRaisesRegex(ArtifactUnavailable, r"no flowbench command was found to fetch it: set FLOWBENCH_CLI"):
                self.read()


class LocateCommandTest(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="flowbench-path-")
        self.addCleanup(shutil.rmtree, self.folder, True)

    def put_on_path(self, name):
        path = os.path.join(self.folder, name)
        with open(path, "w") as file:
            file.write("#!/bin/sh\n")
        os.chmod(path, os.stat(path).st_mode | stat.S_IEXEC)
        return path

    def test_the_order_is_env_then_path_then_the_checkout(self):
        checkout_cli = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))), "bin", "flowbench.mjs")
        with mock.patch.dict(os.environ, {"PATH": self.folder, "FLOWBENCH_CLI": ""}):
            self.assertIsNone(flowbench_command())  # neither flowbench nor node on PATH
            node = self.put_on_path("node")
            expected = [node, checkout_cli] if os.path.isfile(checkout_cli) else None
            self.assertEqual(flowbench_command(), expected)
            on_path = self.put_on_path("flowbench")
            self.assertEqual(flowbench_command(), [on_path])
            os.environ["FLOWBENCH_CLI"] = "node '/opt/flow bench/bin/flowbench.mjs'"
            self.assertEqual(flowbench_command(), ["node", "/opt/flow bench/bin/flowbench.mjs"])


if __name__ == "__main__":
    unittest.main()
