"""Reading values and logs: JSON and pickled artifacts, DataFrames, parameters, attempts,
tasks reused by resume, and the values the client refuses to rebuild."""

import os
import pickle
import sys
import types
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from flowbench import ArtifactUnavailable, Flow, MetaflowNotFound, Run, Task  # noqa: E402
from store_builder import ClientCase  # noqa: E402

try:
    import pandas
except ImportError:  # pragma: no cover - the provisioned interpreter has it
    pandas = None


def pickled_under(module_name, class_name, **fields):
    """Pickle bytes of an object whose class lives in `module_name` (then forgotten again)."""
    module = types.ModuleType(module_name)
    cls = type(class_name, (), {"__module__": module_name})
    setattr(module, class_name, cls)
    sys.modules[module_name] = module
    try:
        value = cls()
        value.__dict__.update(fields)
        return pickle.dumps(value, protocol=4)
    finally:
        del sys.modules[module_name]


class DataTest(ClientCase):
    def setUp(self):
        super().setUp()
        s = self.store
        self.run_id = s.run("TrainFlow", 1, parameters={"alpha": 0.5, "seen": "parameter"})
        s.task("TrainFlow", self.run_id, "start", {"grid": s.artifact([1, 2, 3]), "seen": s.artifact("artifact")}, stdout="hello\n", stderr="warn\n")
        frames = lambda i: [{"kind": "foreach", "step": "start", "splitTaskId": "1", "index": i, "width": 2, "foreachVar": "grid"}]  # noqa: E731
        s.task("TrainFlow", self.run_id, "train", {"score": s.artifact(0.1), "_foreach_values": s.artifact([1, 2])}, split_stack=frames(0))
        s.task("TrainFlow", self.run_id, "train", {"score": s.artifact(0.2)}, split_stack=frames(1))
        s.task("TrainFlow", self.run_id, "end", {"best": s.artifact({1, 2, 3}, kind="set")})
        self.run = Run(f"TrainFlow/{self.run_id}")

    def test_values_come_back_as_they_were(self):
        run = self.run
        self.assertEqual(run["start"].task.data.grid, [1, 2, 3])
        self.assertEqual(run.data.best, {1, 2, 3})  # pickled: a set stays a set
        self.assertEqual(run.end_task.pathspec, f"TrainFlow/{self.run_id}/end/4")
        self.assertEqual(Flow("TrainFlow").latest_run["start"].task.data["grid"], [1, 2, 3])

    def test_parameters_are_in_every_tasks_data_but_artifacts_win(self):
        data = self.run["train"].task.data
        self.assertEqual(data.alpha, 0.5)
        self.assertEqual(self.run["start"].task.data.seen, "artifact")
        self.assertEqual(data.seen, "parameter")
        self.assertIn("alpha", data)
        self.assertEqual(list(data), ["alpha", "score", "seen"])  # _foreach_values is readable, not listed
        self.assertEqual(self.run["train"].task.data._foreach_values, [1, 2])
        alpha = self.run["train"].task.artifacts.alpha
        self.assertEqual((alpha.type, alpha.sha, alpha.data), ("float", None, 0.5))

    def test_a_missing_artifact_names_the_ones_there_are(self):
        with self.assertRaisesRegex(AttributeError, r"has no artifact 'acuracy' \(artifacts: alpha, grid, seen\)"):
            self.run["start"].task.data.acuracy

    def test_artifacts_describe_without_reading(self):
        artifact = self.run["start"].task.artifacts.grid
        self.assertEqual((artifact.type, artifact.encoding, artifact.size), ("list", "json", 9))
        self.assertEqual(artifact.pathspec, f"TrainFlow/{self.run_id}/start/1/grid")
        self.assertEqual(artifact.data, [1, 2, 3])
        task = self.run["start"].task
        self.assertEqual(task["grid"].data, [1, 2, 3])
        self.assertIn("grid", task)
        self.assertEqual(sorted(artifact.id for artifact in task), ["alpha", "grid", "seen"])
        self.assertEqual(task.tags, self.run["start"].tags)
        self.assertEqual(task.tags, frozenset({"user:alice"}))
        with self.assertRaises(KeyError):
            task["nope"]

    def test_steps_newest_first_and_a_foreachs_tasks_in_item_order(self):
        self.assertEqual([step.id for step in self.run], ["end", "train", "start"])
        tasks = list(self.run["train"])
        self.assertEqual([(task.id, task.index, task.data.score) for task in tasks], [("2", 0, 0.1), ("3", 1, 0.2)])
        self.assertIsNone(self.run["start"].task.index)
        self.assertEqual(self.run["train"]["3"].data.score, 0.2)
        self.assertEqual(self.run["train"].finished_at.isoformat(), "2026-12-01T10:00:02.500000+00:00")

    def test_logs_of_the_last_attempt_or_a_chosen_one(self):
        task = self.run["start"].task
        self.assertEqual((task.stdout, task.stderr), ("hello\n", "warn\n"))
        retried = self.store.task("TrainFlow", self.run_id, "retried", stdout="boom\n", attempts=3)
        self.assertEqual(Task(f"TrainFlow/{self.run_id}/retried/{retried}").stdout, "attempt 2: boom\n")
        self.assertEqual(Task(f"TrainFlow/{self.run_id}/retried/{retried}", attempt=0).stdout, "attempt 0: boom\n")
        self.assertEqual(Task(f"TrainFlow/{self.run_id}/retried/{retried}").current_attempt, 2)
        with self.assertRaisesRegex(MetaflowNotFound, r"has no attempt 7 \(its attempts: 0, 1, 2"):
            Task(f"TrainFlow/{self.run_id}/retried/{retried}", attempt=7).stdout

    def test_a_task_reused_by_resume_shows_its_origins_logs(self):
        resumed = self.store.run("TrainFlow", 2, origin={"runId": self.run_id, "fromStep": "train"})
        self.store.task("TrainFlow", resumed, "start", origin=f"TrainFlow/{self.run_id}/start/1")
        run = Run(f"TrainFlow/{resumed}")
        self.assertEqual(run.origin_pathspec, f"TrainFlow/{self.run_id}")
        self.assertEqual(run["start"].task.origin_pathspec, f"TrainFlow/{self.run_id}/start/1")
        self.assertEqual(run["start"].task.stdout, "hello\n")

    def test_a_failed_task_and_a_running_one(self):
        failed = self.store.run("BadFlow", 1, status="failed")
        exception = {"type": "KeyError", "message": "'price'", "traceback": "Traceback ..."}
        self.store.task("BadFlow", failed, "start", status="failed", exception=exception, stdout="about to fail\n")
        task = Run(f"BadFlow/{failed}")["start"].task
        self.assertEqual((task.finished, task.successful, task.status), (True, False, "failed"))
        self.assertEqual(task.exception["type"], "KeyError")
        self.assertEqual(task.stdout, "about to fail\n")
        running = self.store.run("BadFlow", 2, status=None, engine=self.store.here())
        self.store.task("BadFlow", running, "start", stdout="still going\n", finished=False)
        task = Run(f"BadFlow/{running}")["start"].task
        self.assertEqual((task.finished, task.successful, task.status, task.finished_at), (False, False, None, None))
        self.assertEqual(task.created_at.isoformat(), "2026-12-01T10:00:01+00:00")
        self.assertEqual(task.stdout, "still going\n")
        self.assertEqual(list(task.data), [])
        self.assertIsNone(Run(f"BadFlow/{running}").data)

    @unittest.skipIf(pandas is None, "pandas is not importable by this Python")
    def test_a_dataframe_comes_back_as_a_dataframe(self):
        frame = pandas.DataFrame({"name": ["a", "b"], "score": [0.5, 1.5]}, index=[10, 20])
        run_id = self.store.run("TablesFlow", 1)
        record = self.store.artifact(frame, kind="pandas.DataFrame")
        record["table"] = {"sha": "0" * 64, "format": "parquet", "rows": 2, "columns": []}  # not read: the pickle is exact
        self.store.task("TablesFlow", run_id, "end", {"df": record})
        value = Run(f"TablesFlow/{run_id}").data.df
        self.assertIsInstance(value, pandas.DataFrame)
        self.assertTrue(value.equals(frame))
        self.assertEqual(list(value.index), [10, 20])


class RefusedValuesTest(ClientCase):
    def setUp(self):
        super().setUp()
        self.run_id = self.store.run("TrainFlow", 1)

    def artifact_from_bytes(self, data, kind):
        sha = self.store.blob(data)
        record = {"sha": sha, "encoding": "pickle", "type": kind, "size": len(data), "preview": "<Model>"}
        self.store.task("TrainFlow", self.run_id, "end", {"model": record})
        return Run(f"TrainFlow/{self.run_id}").data

    def test_a_class_from_the_flow_file_is_not_rebuilt(self):
        # Had the client imported a module of that name, the flow's code would have run.
        data = self.artifact_from_bytes(pickled_under("__flowbench_flow__", "Model", w=1), "Model")
        with self.assertRaises(ArtifactUnavailable) as caught:
            data.model
        message = str(caught.exception)
        self.assertIn("class Model defined in the flow's own file", message)
        self.assertIn("never runs a flow's code", message)
        self.assertIn("Its preview: <Model>", message)
        self.assertNotIn("__flowbench_flow__", sys.modules)

    def test_a_module_this_python_lacks_is_named(self):
        data = self.artifact_from_bytes(pickled_under("sklearn_not_here", "Model"), "sklearn_not_here.Model")
        with self.assertRaisesRegex(ArtifactUnavailable, r"needs the module 'sklearn_not_here' to be read, and this Python \(.*\) cannot import it"):
            data.model

    def test_a_corrupt_blob_is_detected_not_used(self):
        data = self.artifact_from_bytes(pickle.dumps([1, 2]), "list")
        sha = Run(f"TrainFlow/{self.run_id}").end_task.artifacts.model.sha
        with open(self.store.blob_path(sha), "wb") as file:
            file.write(pickle.dumps([1, 3]))
        with self.assertRaisesRegex(ArtifactUnavailable, rf"blob {sha} at .* is corrupt"):
            data.model


if __name__ == "__main__":
    unittest.main()
