"""Foreach: self.input, self.index, foreach_stack() and the values carried down a split."""

from harness import TaskTestCase, flow_path

FLOW = flow_path("foreach_flow.py")


def frame(step, var, index, num_splits):
    return {"step": step, "var": var, "index": index, "num_splits": num_splits}


class ForeachTest(TaskTestCase):
    def run_step(self, step, inputs, stack):
        outcome = self.engine.run(FLOW, "ForeachFlow", step, inputs, foreach_stack=stack)
        self.assertOk(outcome)
        return outcome

    def test_nested_foreach_from_start_to_end(self):
        start = self.run_step("start", [], [])
        self.assertEqual(start.transition, {"kind": "foreach", "targets": ["outer"], "foreach_var": "grid", "num_splits": 3})
        inner_joins = []
        for i, letter in enumerate("abc"):
            outer_stack = [frame("start", "grid", i, 3)]
            outer = self.run_step("outer", [start], outer_stack)
            self.assertEqual((outer.value("letter"), outer.value("outer_index")), (letter, i))
            self.assertEqual(outer.transition["num_splits"], 2)
            after = []
            for j, item in enumerate([1, 2]):
                inner_stack = outer_stack + [frame("outer", "inner_items", j, 2)]
                inner = self.run_step("inner", [outer], inner_stack)
                self.assertEqual(inner.value("pair"), [letter, item])
                self.assertEqual(inner.value("stack"), [[i, 3, letter], [j, 2, item]])
                later = self.run_step("after_inner", [inner], inner_stack)
                self.assertEqual((later.value("input_later"), later.value("index_later")), (item, j))
                # Carried unchanged: passed on by reference.
                self.assertEqual(later.artifacts["_foreach_values"], inner.artifacts["_foreach_values"])
                after.append(later)
            inner_join = self.run_step("inner_join", after, outer_stack)
            self.assertEqual(inner_join.value("pairs"), [[letter, 1], [letter, 2]])
            self.assertEqual(inner_join.value("input_here"), letter)
            self.assertEqual(inner_join.value("input_indexes"), [0, 1])
            self.assertEqual(inner_join.value("input_values"), [1, 2])
            self.assertEqual(inner_join.value("_foreach_values"), [letter])
            self.assertIn("2 inputs come from step 'after_inner' (a foreach join)", inner_join.value("ambiguous_message"))
            inner_joins.append(inner_join)
        outer_join = self.run_step("outer_join", inner_joins, [])
        self.assertEqual(outer_join.value("all_pairs"), [[c, n] for c in "abc" for n in (1, 2)])
        self.assertIsNone(outer_join.value("input_here"))
        self.assertNotIn("_foreach_values", outer_join.artifacts)

    def test_a_dict_splits_over_its_keys(self):
        split = self.run_step("over_dict", [], [])
        self.assertEqual(split.transition["num_splits"], 2)
        second = self.run_step("take_key", [split], [frame("over_dict", "options", 1, 2)])
        self.assertEqual(second.value("key"), "y")

    def test_a_non_iterable_foreach_variable_fails_clearly(self):
        outcome = self.engine.run(FLOW, "ForeachFlow", "not_iterable")
        self.assertFailed(outcome, "foreach='count' needs self.count to be a list (or another iterable), but it is a int")
