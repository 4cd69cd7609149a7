"""Branch joins: inputs, inputs.stepname, merge_artifacts."""

from harness import TaskTestCase, flow_path

FLOW = flow_path("branch_flow.py")


class JoinTest(TaskTestCase):
    def setUp(self):
        super().setUp()
        self.start = self.engine.run(FLOW, "BranchFlow", "start")
        self.assertOk(self.start)
        self.assertEqual(self.start.transition, {"kind": "branch", "targets": ["a", "b"]})
        self.a = self.engine.run(FLOW, "BranchFlow", "a", [self.start])
        self.b = self.engine.run(FLOW, "BranchFlow", "b", [self.start])

    def join(self, step):
        return self.engine.run(FLOW, "BranchFlow", step, [self.a, self.b])

    def test_inputs_are_iterable_indexable_and_named_by_step(self):
        join = self.join("join")
        self.assertOk(join)
        self.assertEqual(join.value("count"), 2)
        self.assertEqual(join.value("conflicts_seen"), [1, 2])
        self.assertEqual(join.value("first"), 1)
        self.assertEqual(join.value("from_b"), 2)
        self.assertIn("No input of this join comes from step 'nowhere'", join.value("unknown_step_message"))

    def test_a_join_starts_without_artifacts(self):
        join = self.join("join")
        self.assertIn("A join step starts without artifacts", join.value("missing_message"))

    def test_merge_copies_agreeing_artifacts_by_reference(self):
        join = self.join("join")
        self.assertEqual(join.artifacts["shared"], self.start.artifacts["shared"])
        self.assertEqual(join.value("only_a"), "A")
        self.assertNotIn("conflict", join.artifacts)
        self.assertNotIn(self.start.artifacts["shared"]["sha"], join.written_blobs())
        end = self.engine.run(FLOW, "BranchFlow", "end", [join])
        self.assertOk(end)
        self.assertEqual(end.value("shared_at_end"), "same everywhere")

    def test_merge_refuses_conflicting_values(self):
        outcome = self.join("join_conflict")
        self.assertFailed(outcome, "cannot merge artifacts whose values differ between its inputs: conflict")

    def test_merge_keeps_what_the_join_set_itself(self):
        join = self.join("join_preset")
        self.assertOk(join)
        self.assertEqual(join.value("conflict"), 99)
        self.assertEqual(join.value("shared"), "same everywhere")

    def test_merge_include_copies_only_the_names_given(self):
        join = self.join("join_include")
        self.assertOk(join)
        self.assertEqual(sorted(join.artifacts), ["only_a"])

    def test_include_and_exclude_together_are_refused(self):
        self.assertFailed(self.join("join_both"), "include= or exclude=, not both")
