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
    command, shas = sys.argv[1], sys.argv[2:]
    with open(os.environ["FAKE_CALLS"], "a") as log:
        log.write(command + " " + " ".join(shas) + "\\n")
    paths, failure = [], None
    for sha in shas:  # like the engine: every digest is tried, the first failure is the error
        source = os.path.join(os.environ["FAKE_REMOTE"], sha)
        target = os.path.join(os.environ["FLOWBENCH_HOME"], "blobs", "sha256", sha[:2], sha)
        if os.path.exists(source):
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copyfile(source, target)
            paths.append(target)
        elif failure is None:
            failure = "flowbench: no remote has blob " + sha + " (tried: origin)."
    if failure:
        print(failure, file=sys.stderr)
        sys.exit(2)
    print("\\n".join(paths))
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


class BatchFetchTest(ClientCase):
    """A teammate's foreach: reading one task's artifact brings the same artifact of the step's
    other tasks in the same `fetch-blob` call, so iterating the step starts one process."""

    TASKS = 30

    def setUp(self):
        super().setUp()
        self.scratch = tempfile.mkdtemp(prefix="flowbench-batch-test-")
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
        self.run_id = self.store.run("GridFlow", 1, user="bob")
        self.values, self.blobs = [], []
        for index in range(self.TASKS):
            value = self.store.artifact(index * 10)
            other = self.store.artifact(f"big thing {index}")
            for record in (value, other):
                shutil.move(self.store.blob_path(record["sha"]), os.path.join(self.remote, record["sha"]))
            self.values.append(value["sha"])
            self.blobs.append(other["sha"])
            frame = [{"kind": "foreach", "index": index, "count": self.TASKS}]
            self.store.task("GridFlow", self.run_id, "score", {"value": value, "other": other}, split_stack=frame)

    def step(self):
        return Run(f"GridFlow/{self.run_id}", _namespace_check=False)["score"]

    def calls_made(self):
        if not os.path.exists(self.calls):
            return []
        with open(self.calls) as file:
            return [line.split() for line in file.read().splitlines()]

    def test_iterating_a_step_fetches_the_artifact_of_every_task_in_one_call(self):
        self.assertEqual([task.data.value for task in self.step()], [index * 10 for index in range(self.TASKS)])
        calls = self.calls_made()
        self.assertEqual(len(calls), 1)
        self.assertEqual(calls[0], ["fetch-blob", *self.values])  # the one read first, then its siblings
        for sha in self.blobs:  # only the artifact being read: the others stay on the remote
            self.assertFalse(os.path.exists(self.store.blob_path(sha)))

    def test_starting_from_a_later_task_fetches_the_rest_too(self):
        self.assertEqual(self.step()["5"].data.value, 40)
        self.assertEqual(self.calls_made()[0][1:], self.values[4:] + self.values[:4])
        self.assertEqual([task.data.value for task in self.step()][:3], [0, 10, 20])
        self.assertEqual(len(self.calls_made()), 1)

    def test_a_sibling_that_fails_to_fetch_leaves_this_read_alone(self):
        os.remove(os.path.join(self.remote, self.values[3]))
        self.assertEqual(self.step().task.data.value, 0)
        self.assertEqual(len(self.calls_made()), 1)  # the batch failed on the sibling, this blob came
        with self.assertRaises(ArtifactUnavailable) as caught:
            self.step()["4"].data.value
        self.assertIn(f"fetch-blob {self.values[3]}` failed: flowbench: no remote has blob {self.values[3]}", str(caught.exception))

    def test_a_missing_blob_is_reported_with_its_own_reason(self):
        os.remove(os.path.join(self.remote, self.values[0]))
        with self.assertRaises(ArtifactUnavailable) as caught:
            self.step().task.data.value
        self.assertIn(f"fetch-blob {self.values[0]}` failed: flowbench: no remote has blob {self.values[0]}", str(caught.exception))
        self.assertEqual([len(call) for call in self.calls_made()], [1 + self.TASKS, 2])  # the batch, then it alone

    def test_one_call_carries_at_most_a_batch_of_digests(self):
        with mock.patch("flowbench.client.blobs.MAX_BATCH", 8):
            self.assertEqual([task.data.value for task in self.step()], [index * 10 for index in range(self.TASKS)])
        self.assertEqual([len(call) - 1 for call in self.calls_made()], [8, 8, 8, 6])

    def test_siblings_are_fetched_only_up_to_a_size_budget(self):
        with mock.patch("flowbench.client.task.SIBLING_FETCH_BYTES", 0):
            step = self.step()
            self.assertEqual([step["1"].data.value, step["2"].data.value], [0, 10])
        self.assertEqual(self.calls_made(), [["fetch-blob", self.values[0]], ["fetch-blob", self.values[1]]])


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
        checkout_cli = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))), "bin", "flowbench.cjs")
        with mock.patch.dict(os.environ, {"PATH": self.folder, "FLOWBENCH_CLI": ""}):
            self.assertIsNone(flowbench_command())  # neither flowbench nor node on PATH
            node = self.put_on_path("node")
            expected = [node, checkout_cli] if os.path.isfile(checkout_cli) else None
            self.assertEqual(flowbench_command(), expected)
            on_path = self.put_on_path("flowbench")
            self.assertEqual(flowbench_command(), [on_path])
            os.environ["FLOWBENCH_CLI"] = "node '/opt/flow bench/bin/flowbench.cjs'"
            self.assertEqual(flowbench_command(), ["node", "/opt/flow bench/bin/flowbench.cjs"])


if __name__ == "__main__":
    unittest.main()
