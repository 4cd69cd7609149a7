"""How values become blobs: json vs pickle, dedup by sha, previews, DataFrames."""

import hashlib
import os
import sys
import unittest

from harness import RUNTIME_DIR, TaskTestCase, flow_path

sys.path.insert(0, RUNTIME_DIR)
from flowbench.flow_loader import load_flow_module  # noqa: E402

try:
    import pandas
except ImportError:
    pandas = None
try:
    import pyarrow  # noqa: F401

    PARQUET_WRITER = True
except ImportError:
    PARQUET_WRITER = False


class EncodingsTest(TaskTestCase):
    @classmethod
    def setUpClass(cls):
        # Unpickling `Point` here needs the flow module under the name tasks import it by.
        load_flow_module(flow_path("encodings_flow.py"))

    def setUp(self):
        super().setUp()
        self.start = self.engine.run(flow_path("encodings_flow.py"), "EncodingsFlow", "start")
        self.assertOk(self.start)

    def test_plain_values_are_json_and_the_rest_pickle(self):
        encodings = {name: record["encoding"] for name, record in self.start.artifacts.items()}
        for name in ("an_int", "a_bool", "a_float", "a_str", "nothing", "a_list", "long_text"):
            self.assertEqual(encodings[name], "json", name)
        for name in ("nan", "infinite", "a_tuple", "int_keys", "a_set", "nested_tuple", "point"):
            self.assertEqual(encodings[name], "pickle", name)

    def test_values_come_back_exactly(self):
        self.assertIs(self.start.value("a_bool"), True)
        self.assertEqual(self.start.value("a_str"), "héllo")
        self.assertEqual(self.start.value("a_list"), [1, "two", [3.0, None], {"k": False}])
        self.assertEqual(self.start.value("a_tuple"), (1, 2))
        self.assertEqual(self.start.value("int_keys"), {1: "a"})
        self.assertEqual(self.start.value("point").x, 3)

    def test_records_describe_the_value(self):
        artifacts = self.start.artifacts
        self.assertEqual(artifacts["a_bool"]["type"], "bool")
        self.assertEqual(artifacts["a_float"]["preview"], "0.25")
        self.assertEqual(artifacts["point"]["type"], "Point")
        self.assertEqual(artifacts["point"]["preview"], "Point(3)")
        self.assertEqual(len(artifacts["long_text"]["preview"]), 200)
        self.assertTrue(artifacts["long_text"]["preview"].endswith("…"))

    def test_blobs_are_named_by_the_sha256_of_their_bytes(self):
        for name, record in self.start.artifacts.items():
            path = os.path.join(self.start.output_dir, "blobs", record["sha"])
            with open(path, "rb") as file:
                data = file.read()
            self.assertEqual(hashlib.sha256(data).hexdigest(), record["sha"], name)
            self.assertEqual(len(data), record["size"], name)

    def test_the_same_value_twice_is_stored_once(self):
        artifacts = self.start.artifacts
        self.assertEqual(artifacts["same_a"]["sha"], artifacts["same_b"]["sha"])
        distinct = {record["sha"] for record in artifacts.values()}
        self.assertEqual(len(self.start.written_blobs()), len(distinct))

    def test_an_unpicklable_value_fails_the_task_naming_the_artifact(self):
        outcome = self.engine.run(flow_path("encodings_flow.py"), "EncodingsFlow", "unpicklable", [self.start])
        self.assertFailed(outcome, "Artifact 'generator' (generator) cannot be stored")


@unittest.skipIf(pandas is None, "pandas is not installed (apt-get install python3-pandas): DataFrame tests skipped")
class DataFrameTest(TaskTestCase):
    def test_a_dataframe_is_pickled_and_written_as_a_table(self):
        start = self.engine.run(flow_path("frame_flow.py"), "FrameFlow", "start")
        self.assertOk(start)
        record = start.artifacts["df"]
        self.assertEqual(record["encoding"], "pickle")
        self.assertEqual(record["type"], "pandas.DataFrame")
        self.assertEqual(record["preview"], "DataFrame 3 rows × 3 columns: a int64, b float64, c object")
        expected = pandas.DataFrame({"a": [1, 2, 3], "b": [0.5, 1.5, 2.5], "c": ["x", "y", "x"]})
        pandas.testing.assert_frame_equal(start.value("df"), expected)
        table = record["table"]
        self.assertEqual(table["rows"], 3)
        self.assertEqual(
            table["columns"],
            [{"name": "a", "dtype": "int64"}, {"name": "b", "dtype": "float64"}, {"name": "c", "dtype": "object"}],
        )
        table_path = os.path.join(start.output_dir, "blobs", table["sha"])
        # Debian's pandas has no Parquet writer: then the table must fall back to JSON lines.
        self.assertEqual(table["format"], "parquet" if PARQUET_WRITER else "jsonl")
        if table["format"] == "jsonl":
            with open(table_path, encoding="utf-8") as file:
                self.assertEqual(file.readline().strip(), '{"a":1,"b":0.5,"c":"x"}')
            read_back = pandas.read_json(table_path, lines=True)
        else:
            self.assertEqual(table["format"], "parquet")
            read_back = pandas.read_parquet(table_path)
        self.assertEqual(read_back["a"].tolist(), [1, 2, 3])

    def test_a_meaningful_index_becomes_columns_of_the_table(self):
        start = self.engine.run(flow_path("frame_flow.py"), "FrameFlow", "start")
        self.assertOk(start)
        columns = [column["name"] for column in start.artifacts["grouped"]["table"]["columns"]]
        self.assertEqual(columns, ["c", "a"])

    def test_a_later_step_reads_the_dataframe(self):
        start = self.engine.run(flow_path("frame_flow.py"), "FrameFlow", "start")
        end = self.engine.run(flow_path("frame_flow.py"), "FrameFlow", "end", [start])
        self.assertOk(end)
        self.assertEqual(end.value("rows"), 3)
        self.assertEqual(end.artifacts["df"]["sha"], start.artifacts["df"]["sha"])
