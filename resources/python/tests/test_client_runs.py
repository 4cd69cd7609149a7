"""The client's view of runs: namespaces, newest first, status rules, tags from events."""

import os
import sys
import unittest
from unittest import mock

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from flowbench import (  # noqa: E402
    Flow,
    Metaflow,
    MetaflowInvalidPathspec,
    MetaflowNamespaceMismatch,
    MetaflowNotFound,
    Run,
    Step,
    Task,
    default_namespace,
    get_namespace,
    namespace,
)
from store_builder import ClientCase, StoreBuilder, dead_pid, ulid  # noqa: E402


class NamespaceTest(ClientCase):
    def setUp(self):
        super().setUp()
        s = self.store
        self.a1 = s.run("TrainFlow", 1, user="alice")
        self.b2 = s.run("TrainFlow", 2, user="bob", tags=["nightly"])
        self.a3 = s.run("TrainFlow", 3, user="alice", status="failed")
        self.b4 = s.run("TrainFlow", 4, user="bob", status="failed")

    def test_the_default_namespace_is_mine(self):
        self.assertEqual(get_namespace(), "user:alice")
        self.assertEqual([run.id for run in Flow("TrainFlow")], [self.a3, self.a1])
        self.assertEqual(Flow("TrainFlow").latest_run.id, self.a3)
        self.assertEqual(Flow("TrainFlow").latest_successful_run.id, self.a1)

    def test_a_teammates_namespace_and_everyone(self):
        self.assertEqual(namespace("user:bob"), "user:bob")
        self.assertEqual([run.id for run in Flow("TrainFlow")], [self.b4, self.b2])
        self.assertEqual(Flow("TrainFlow").latest_successful_run.user, "bob")
        self.assertIsNone(namespace(None))
        self.assertIsNone(get_namespace())
        self.assertEqual([run.id for run in Flow("TrainFlow")], [self.b4, self.a3, self.b2, self.a1])
        self.assertEqual(default_namespace(), "user:alice")
        self.assertEqual(get_namespace(), "user:alice")

    def test_any_tag_is_a_namespace_and_runs_filters_by_tags(self):
        namespace("nightly")
        self.assertEqual([run.id for run in Flow("TrainFlow")], [self.b2])
        namespace(None)
        self.assertEqual([run.id for run in Flow("TrainFlow").runs("user:bob", "nightly")], [self.b2])

    def test_a_run_outside_the_namespace_is_refused_with_a_way_out(self):
        with self.assertRaises(MetaflowNamespaceMismatch) as caught:
            Run(f"TrainFlow/{self.b2}")
        message = str(caught.exception)
        self.assertIn(f"TrainFlow/{self.b2} is not in the namespace 'user:alice'", message)
        self.assertIn("namespace('user:bob')", message)
        self.assertIn("namespace(None)", message)
        with self.assertRaises(MetaflowNamespaceMismatch):
            Flow("TrainFlow")[self.b2]
        self.assertNotIn(self.b2, Flow("TrainFlow"))
        self.assertIn(self.a1, Flow("TrainFlow"))
        self.assertEqual(Run(f"TrainFlow/{self.b2}", _namespace_check=False).user, "bob")

    def test_steps_and_tasks_check_their_runs_namespace(self):
        self.store.task("TrainFlow", self.b2, "start")
        with self.assertRaises(MetaflowNamespaceMismatch):
            Step(f"TrainFlow/{self.b2}/start")
        with self.assertRaises(MetaflowNamespaceMismatch):
            Task(f"TrainFlow/{self.b2}/start/1")
        namespace("user:bob")
        self.assertTrue(Task(f"TrainFlow/{self.b2}/start/1").successful)

    def test_the_user_comes_from_the_config_file_when_the_environment_has_none(self):
        with open(os.path.join(self.store.root, "config.json"), "w") as file:
            file.write('{"user": "bob"}')
        with mock.patch.dict(os.environ):
            del os.environ["FLOWBENCH_USER"]
            self.assertEqual(get_namespace(), "user:bob")

    def test_namespace_refuses_what_is_not_a_tag(self):
        for bad in ("", 3, ["user:bob"]):
            with self.assertRaises(ValueError):
                namespace(bad)


class RunRecordsTest(ClientCase):
    def test_what_a_run_says_about_itself(self):
        run_id = self.store.run("TrainFlow", 7, tags=["exp"], parameters={"alpha": 0.5, "name": "x"})
        run = Run(f"TrainFlow/{run_id}")
        self.assertEqual(run.pathspec, f"TrainFlow/{run_id}")
        self.assertEqual((run.status, run.successful, run.finished), ("succeeded", True, True))
        self.assertEqual(run.parameters, {"alpha": 0.5, "name": "x"})
        self.assertEqual(run.user, "alice")
        self.assertEqual(run.tags, frozenset({"user:alice", "exp"}))
        self.assertEqual((run.system_tags, run.user_tags), (frozenset({"user:alice"}), frozenset({"exp"})))
        self.assertEqual(run.created_at.isoformat(), "2026-12-01T10:07:00+00:00")
        self.assertEqual(run.finished_at.isoformat(), "2026-12-01T11:07:00+00:00")
        self.assertEqual(run.code.flowspec, "class TrainFlow: pass\n")
        self.assertEqual(run.code.script_name, "trainflow.py")
        self.assertEqual(repr(run.parent), "Flow('TrainFlow')")
        self.assertIsNone(run.data)  # no end task

    def test_a_run_without_an_end_whose_engine_is_gone_counts_as_failed(self):
        gone = self.store.run("TrainFlow", 1, status=None, engine={"host": __import__("socket").gethostname(), "pid": dead_pid()})
        live = self.store.run("TrainFlow", 2, status=None, engine=StoreBuilder.here())
        elsewhere = self.store.run("TrainFlow", 3, status=None, engine={"host": "someone-elses-laptop", "pid": dead_pid()})
        run = Run(f"TrainFlow/{gone}")
        self.assertEqual((run.status, run.successful, run.finished), ("failed", False, True))
        self.assertIn("engine running it stopped", run.message)
        self.assertIsNone(run.finished_at)
        self.assertEqual((Run(f"TrainFlow/{live}").status, Run(f"TrainFlow/{live}").finished), ("running", False))
        # Another machine's engine cannot be asked: the run is taken as still running (as the engine does).
        self.assertEqual(Run(f"TrainFlow/{elsewhere}").status, "running")
        self.assertEqual(Flow("TrainFlow").latest_successful_run, None)

    def test_tags_are_the_record_then_tag_events_in_id_order(self):
        run_id = self.store.run("TrainFlow", 1, tags=["draft", "exp"])
        # Written out of order on purpose: the events apply in the order of their names (ULIDs).
        self.store.tag_event("TrainFlow", run_id, ulid(30), "add", "draft", user="bob")
        self.store.tag_event("TrainFlow", run_id, ulid(20), "remove", "draft")
        self.store.tag_event("TrainFlow", run_id, ulid(10), "add", "best")
        self.store.tag_event("TrainFlow", run_id, ulid(40), "remove", "exp")
        self.store._write(f"runs/TrainFlow/{run_id}/tags/{ulid(50)}.json.tmp-1-abc", {"op": "add", "tag": "half-written"})
        self.assertEqual(Run(f"TrainFlow/{run_id}").tags, frozenset({"user:alice", "best", "draft"}))
        namespace("best")
        self.assertEqual(Flow("TrainFlow").latest_run.id, run_id)
        namespace("exp")
        self.assertIsNone(Flow("TrainFlow").latest_run)

    def test_a_record_without_its_user_tag_still_carries_it(self):
        run_id = self.store.run("TrainFlow", 1)
        path = os.path.join(self.store.root, "runs", "TrainFlow", run_id, "run.json")
        with open(path) as file:
            text = file.read().replace('"user:alice"', '"legacy"')
        with open(path, "w") as file:
            file.write(text)
        self.assertEqual(Run(f"TrainFlow/{run_id}").tags, frozenset({"user:alice", "legacy"}))

    def test_a_records_own_names_never_choose_a_folder(self):
        # A pulled run.json is someone else's file: where its tags live comes from the folder.
        run_id = self.store.run("TrainFlow", 1)
        path = os.path.join(self.store.root, "runs", "TrainFlow", run_id, "run.json")
        with open(path) as file:
            text = file.read().replace(f'"runId": "{run_id}"', '"runId": "../../../elsewhere"')
        with open(path, "w") as file:
            file.write(text)
        self.store.tag_event("TrainFlow", run_id, ulid(10), "add", "seen")
        self.assertEqual(Run(f"TrainFlow/{run_id}").tags, frozenset({"user:alice", "seen"}))

    def test_a_folder_without_run_json_is_not_a_run_yet(self):
        run_id = self.store.run("TrainFlow", 1)
        os.makedirs(os.path.join(self.store.root, "runs", "TrainFlow", ulid(2), "tasks"))
        self.assertEqual([run.id for run in Flow("TrainFlow")], [run_id])


class NotFoundTest(ClientCase):
    def test_missing_things_are_named(self):
        run_id = self.store.run("TrainFlow", 1)
        self.store.task("TrainFlow", run_id, "start")
        with self.assertRaisesRegex(MetaflowNotFound, r"Flow NoFlow has no runs in .* \(flows there: TrainFlow\)"):
            Flow("NoFlow")
        with self.assertRaisesRegex(MetaflowNotFound, r"Run TrainFlow/NOPE does not exist"):
            Run("TrainFlow/NOPE")
        with self.assertRaisesRegex(MetaflowNotFound, r"did not run \(steps of the run: start\)"):
            Step(f"TrainFlow/{run_id}/train")
        with self.assertRaisesRegex(MetaflowNotFound, r"does not exist \(tasks of the step: 1\)"):
            Task(f"TrainFlow/{run_id}/start/9")
        with self.assertRaises(KeyError):
            Run(f"TrainFlow/{run_id}")["train"]
        with self.assertRaises(KeyError):
            Flow("TrainFlow")["NOPE"]
        self.assertEqual([flow.id for flow in Metaflow().flows], ["TrainFlow"])

    def test_a_pathspec_can_never_leave_the_store(self):
        for bad in ("../etc", "TrainFlow/../../x", "TrainFlow/a/b", "TrainFlow", "/abs/path", "Train Flow/1"):
            with self.assertRaises(MetaflowInvalidPathspec, msg=bad):
                Run(bad)
        with self.assertRaises(MetaflowInvalidPathspec):
            Task("TrainFlow/X/start/../1")
        with self.assertRaises(KeyError):
            Run(f"TrainFlow/{self.store.run('TrainFlow', 2)}")["../../x"]


if __name__ == "__main__":
    unittest.main()
