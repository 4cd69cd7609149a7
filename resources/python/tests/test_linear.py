"""A linear flow: artifacts, inheritance by reference, current, parameters, environment."""

import os

from harness import TaskTestCase, flow_path

FLOW = flow_path("linear_flow.py")


class LinearFlowTest(TaskTestCase):
    def start(self, **fields):
        fields.setdefault("parameters", {"alpha": 0.1, "config": {"k": [1, 2]}, "learning-rate": 0.2})
        fields.setdefault("environment", {"FLOWBENCH_TEST_VARIABLE": "from-the-spec"})
        outcome = self.engine.run(FLOW, "LinearFlow", "start", **fields)
        self.assertOk(outcome)
        return outcome

    def test_start_stores_its_artifacts_and_transition(self):
        start = self.start()
        self.assertEqual(start.transition, {"kind": "linear", "targets": ["middle"]})
        self.assertEqual(start.value("numbers"), list(range(10)))
        self.assertEqual(start.artifacts["label"]["encoding"], "json")
        self.assertEqual(start.artifacts["label"]["type"], "str")
        self.assertEqual(start.artifacts["label"]["preview"], "'first'")
        self.assertEqual(start.stdout, "start ran\n")
        self.assertIsNone(start.exception)

    def test_current_parameters_environment_and_decorators(self):
        start = self.start()
        seen = start.value("seen_current")
        self.assertEqual(seen["flow_name"], "LinearFlow")
        self.assertEqual(seen["run_id"], "run-1")
        self.assertEqual(seen["step_name"], "start")
        self.assertEqual(seen["pathspec"], f"LinearFlow/run-1/start/{start.task_id}")
        self.assertEqual(seen["username"], "tester")
        self.assertEqual(seen["tags"], ["user:tester"])
        self.assertIsNone(seen["origin_run_id"])
        self.assertTrue(seen["is_running_flow"])
        self.assertEqual(start.value("seen_parameters"), [0.1, {"k": [1, 2]}, 0.2])
        self.assertEqual(start.value("seen_environment"), "from-the-spec")
        self.assertEqual(start.value("decorators_recorded"), ["resources", "retry"])

    def test_parameter_defaults_apply_when_the_spec_has_none(self):
        start = self.start(parameters={})
        self.assertEqual(start.value("seen_parameters"), [0.5, "{}", 0.01])

    def test_inherited_artifacts_are_passed_on_by_reference(self):
        start = self.start()
        spec = self.engine.spec(FLOW, "LinearFlow", "middle", [start])
        # The runtime must not even read an artifact it only passes on: make it unreadable.
        spec["inputs"][0]["artifacts"]["untouched"]["path"] = "/nonexistent/blob"
        middle = self.engine.run_spec(spec)
        self.assertOk(middle)
        self.assertEqual(middle.artifacts["untouched"], start.artifacts["untouched"])
        # Read but unchanged: same record, no new blob.
        self.assertEqual(middle.artifacts["numbers"], start.artifacts["numbers"])
        self.assertEqual(middle.value("total"), 45)
        self.assertEqual(middle.value("label"), "second")
        written = set(middle.written_blobs())
        self.assertNotIn(start.artifacts["numbers"]["sha"], written)
        new = {middle.artifacts[name]["sha"] for name in ("total", "label", "missing_message")}
        self.assertEqual(written, new)

    def test_missing_artifact_raises_a_clear_attribute_error(self):
        middle = self.engine.run(FLOW, "LinearFlow", "middle", [self.start()])
        self.assertOk(middle)
        self.assertEqual(
            middle.value("missing_message"),
            "Step 'middle' has no artifact 'never_set': no earlier step set self.never_set.",
        )

    def test_a_value_changed_in_place_is_stored_again(self):
        middle = self.engine.run(FLOW, "LinearFlow", "middle", [self.start()])
        end = self.engine.run(FLOW, "LinearFlow", "end", [middle])
        self.assertOk(end)
        self.assertEqual(end.transition, {"kind": "end", "targets": []})
        self.assertEqual(end.value("numbers"), list(range(11)))
        self.assertNotEqual(end.artifacts["numbers"]["sha"], middle.artifacts["numbers"]["sha"])
        self.assertFalse(end.value("pandas_imported"))

    def test_parameters_are_read_only(self):
        outcome = self.engine.run(FLOW, "LinearFlow", "set_parameter", [self.start()])
        self.assertFailed(outcome, "Parameter 'alpha' is read-only")

    def test_deleting_an_inherited_artifact_drops_it(self):
        outcome = self.engine.run(FLOW, "LinearFlow", "delete_inherited", [self.start()])
        self.assertOk(outcome)
        self.assertNotIn("label", outcome.artifacts)
        self.assertIn("numbers", outcome.artifacts)

    def test_result_and_blobs_leave_no_temporary_files(self):
        start = self.start()
        leftovers = [name for name in os.listdir(start.output_dir) if name.endswith(".tmp")]
        leftovers += [name for name in start.written_blobs() if name.endswith(".tmp")]
        self.assertEqual(leftovers, [])
