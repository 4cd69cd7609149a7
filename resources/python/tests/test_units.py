"""In-process checks of the small pieces: lean_json, previews, type names, decorators."""

import collections
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from flowbench import catch, card, retry, step  # noqa: E402
from flowbench import lean_json  # noqa: E402
from flowbench.artifact_store import encode, is_plain_json  # noqa: E402
from flowbench.preview import preview, type_name  # noqa: E402


class LeanJsonTest(unittest.TestCase):
    def test_matches_the_json_module(self):
        for value in [None, True, 0, -2.5, 1e300, "héllo\"\n\x00", [1, [2, {"a": None}]], {"x": {"y": []}}, "", {}]:
            text = lean_json.dumps(value)
            self.assertEqual(text, json.dumps(value, ensure_ascii=False, separators=(",", ":")))
            self.assertEqual(lean_json.loads(text), value)
            self.assertEqual(lean_json.loads(text.encode("utf-8")), value)

    def test_rejects_what_is_not_one_json_document(self):
        for text in ["", "[1] 2", "{", "nope"]:
            with self.assertRaises(ValueError, msg=text):
                lean_json.loads(text)
        with self.assertRaises(ValueError):
            lean_json.dumps(float("nan"))


class EncodingRulesTest(unittest.TestCase):
    def test_only_exact_plain_types_are_json(self):
        self.assertTrue(is_plain_json({"a": [1, 2.5, True, None, "s"]}))
        for value in [(1,), {1: 2}, float("inf"), collections.OrderedDict(), 1 + 2j, b"x"]:
            self.assertFalse(is_plain_json(value), value)
        self.assertEqual(encode(True), (b"true", "json"))

    def test_long_flat_lists_follow_the_same_rules(self):
        self.assertTrue(is_plain_json(list(range(100)) + ["s", None, True]))
        self.assertTrue(is_plain_json([0.5] * 100))
        self.assertTrue(is_plain_json([0.5] * 100 + [[1, {"a": 2.5}]]))
        for odd_one in [float("nan"), float("-inf"), (1,), {1: 2}, [float("inf")]]:
            self.assertFalse(is_plain_json([0.5] * 100 + [odd_one]), odd_one)
            self.assertFalse(is_plain_json(list(range(100)) + [odd_one]), odd_one)


class PreviewTest(unittest.TestCase):
    def test_small_values_look_like_repr(self):
        for value in [1, "a", [1, (2,)], {"a": {1, 2}}, set(), frozenset({3}), (), b"x", None, 2.5]:
            self.assertEqual(preview(value), repr(value))

    def test_huge_values_are_cut_without_building_their_repr(self):
        text = preview(list(range(10**6)))
        self.assertEqual(len(text), 200)
        self.assertTrue(text.startswith("[0, 1, 2") and text.endswith("…"))

    def test_a_failing_repr_still_gives_a_preview(self):
        class Broken:
            def __repr__(self):
                raise RuntimeError

        self.assertIn("repr failed", preview(Broken()))

    def test_type_names_use_the_shortest_public_path(self):
        self.assertEqual(type_name(1), "int")
        self.assertEqual(type_name(collections.OrderedDict()), "collections.OrderedDict")


class DecoratorTest(unittest.TestCase):
    def test_markers_record_and_no_ops_pass_through(self):
        @catch(var="oops")
        @retry
        @card(type="blank")
        @step
        def start(self):
            pass

        self.assertTrue(start.is_step)
        self.assertEqual(start.__flowbench_decorators__, [("retry", {}), ("catch", {"var": "oops"})])


if __name__ == "__main__":
    unittest.main()
