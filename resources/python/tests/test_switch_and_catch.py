"""Switch transitions, @catch, failed steps."""

from harness import TaskTestCase, flow_path

SWITCH = flow_path("switch_flow.py")
CATCH = flow_path("catch_flow.py")
CATCH_TO_END = {"var": "failure", "print_exception": True}


class SwitchTest(TaskTestCase):
    def test_the_case_taken_is_recorded(self):
        outcome = self.engine.run(SWITCH, "SwitchFlow", "start", parameters={"mode": "slow"})
        self.assertOk(outcome)
        self.assertEqual(outcome.transition, {"kind": "switch", "targets": ["slow"], "switch_case": "slow"})

    def test_a_non_string_value_matches_its_text(self):
        outcome = self.engine.run(SWITCH, "SwitchFlow", "numeric")
        self.assertOk(outcome)
        self.assertEqual(outcome.transition, {"kind": "switch", "targets": ["slow"], "switch_case": "2"})

    def test_an_unknown_case_fails_clearly(self):
        outcome = self.engine.run(SWITCH, "SwitchFlow", "start", parameters={"mode": "medium"})
        self.assertFailed(outcome, "self.choice is 'medium', which is none of the switch's cases ('fast', 'slow')")


class CatchTest(TaskTestCase):
    def run_catch(self, step, **fields):
        fields.setdefault("catch", CATCH_TO_END)
        fields.setdefault("static_transition", {"kind": "linear", "targets": ["end"]})
        return self.engine.run(CATCH, "CatchFlow", step, **fields)

    def test_a_caught_exception_is_stored_and_the_flow_moves_on(self):
        outcome = self.run_catch("start")
        self.assertOk(outcome, status="caught")
        self.assertEqual(outcome.transition, {"kind": "linear", "targets": ["end"]})
        self.assertEqual(outcome.exception["type"], "ValueError")
        self.assertEqual(outcome.exception["message"], "boom")
        self.assertIn('raise ValueError("boom")', outcome.exception["traceback"])
        self.assertNotIn("flowbench/task.py", outcome.exception["traceback"])
        self.assertIn("ValueError: boom", outcome.stderr)
        failure = outcome.value("failure")
        self.assertIsInstance(failure, ValueError)
        self.assertEqual(failure.args, ("boom",))
        self.assertEqual(outcome.value("before"), 1)

    def test_a_transition_recorded_before_the_exception_is_kept(self):
        outcome = self.run_catch("after_next", static_transition={"kind": "linear", "targets": ["elsewhere"]})
        self.assertOk(outcome, status="caught")
        self.assertEqual(outcome.transition, {"kind": "linear", "targets": ["end"]})

    def test_an_exception_that_cannot_be_unpickled_is_stored_as_text(self):
        outcome = self.run_catch("odd_exception")
        self.assertOk(outcome, status="caught")
        self.assertEqual(outcome.value("failure"), "NeedsTwoArguments: a and b")

    def test_a_caught_foreach_step_still_splits(self):
        static = {"kind": "foreach", "targets": ["end"], "foreach_var": "items"}
        outcome = self.run_catch("split_then_fail", static_transition=static)
        self.assertOk(outcome, status="caught")
        self.assertEqual(outcome.transition, dict(static, num_splits=2))

    def test_catch_waits_for_the_last_retry(self):
        outcome = self.run_catch("start", retry_count=0, max_user_code_retries=2)
        self.assertFailed(outcome, "boom")
        outcome = self.run_catch("start", retry_count=2, max_user_code_retries=2)
        self.assertOk(outcome, status="caught")

    def test_without_catch_the_task_fails_with_the_exception(self):
        outcome = self.engine.run(CATCH, "CatchFlow", "start")
        self.assertFailed(outcome, "boom")
        self.assertEqual(outcome.exception["type"], "ValueError")
        self.assertIn("Traceback (most recent call last)", outcome.stderr)
        self.assertIsNone(outcome.transition)
        # Artifacts set before the failure are kept for whoever debugs it.
        self.assertEqual(outcome.value("before"), 1)

    def test_a_step_without_next_fails_clearly(self):
        outcome = self.engine.run(CATCH, "CatchFlow", "no_next")
        self.assertFailed(outcome, "Step 'no_next' finished without calling self.next(...)")
