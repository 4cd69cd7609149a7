"""Reads the records the engine writes (engine/store/records.ts has the layout and the types).

Only reads: the client never writes to the store. Every name that becomes part of a path is
checked first, so no pathspec can name a file outside the store.
"""

import json
import os
import re

from .errors import MetaflowInvalidPathspec, StoreCorrupt
from .settings import store_root

FLOW_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
RUN_ID = re.compile(r"^[A-Za-z0-9_-]+$")
STEP_NAME = FLOW_NAME
TASK_ID = re.compile(r"^[0-9]+$")
ATTEMPT = re.compile(r"^attempt-([0-9]+)$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")


def parse_pathspec(text, parts_wanted):
    """Splits `Flow/RunId/step/TaskId` into exactly `parts_wanted` checked parts."""
    kinds = ("Flow", "Flow/RunId", "Flow/RunId/step", "Flow/RunId/step/TaskId")
    shape = kinds[parts_wanted - 1]
    if not isinstance(text, str):
        raise MetaflowInvalidPathspec(f"Expected a pathspec {shape}, got {text!r}.")
    parts = text.split("/")
    checks = (FLOW_NAME, RUN_ID, STEP_NAME, TASK_ID)
    if len(parts) != parts_wanted or not all(check.match(part) for check, part in zip(checks, parts)):
        raise MetaflowInvalidPathspec(f"{text!r} is not a pathspec of the form {shape}.")
    return parts


class RunState:
    """A run's two records and what they mean together (the rule of RunStore.getRun)."""

    __slots__ = ("record", "end", "status", "note")

    def __init__(self, record, end):
        self.record = record
        self.end = end
        self.note = None
        if end is not None:
            self.status = end.get("status", "failed")
        elif engine_gone(record.get("engine") or {}):
            self.status = "failed"
            self.note = "the engine running it stopped before it finished"
        else:
            self.status = "running"


def engine_gone(engine):
    """True when the run's engine ran on this machine and its process is no longer there."""
    import socket

    if engine.get("host") != socket.gethostname() or not isinstance(engine.get("pid"), int):
        return False
    if os.name == "nt":
        return False  # os.kill(pid, 0) there sends CTRL_C_EVENT: never "ask" that way on Windows
    try:
        os.kill(engine["pid"], 0)
    except PermissionError:
        return False  # it exists, under another user
    except (ProcessLookupError, OSError):
        return True
    return False


def fold_tags(record_tags, events):
    """A run's tags: its record's, then each event in id order (foldTags in records.ts)."""
    tags = list(record_tags)
    for event in events:
        tag, op = event.get("tag"), event.get("op")
        if op == "add" and tag not in tags:
            tags.append(tag)
        elif op == "remove" and tag in tags:
            tags.remove(tag)
    return tags


class Store:
    """The folder `$FLOWBENCH_HOME` as a set of records."""

    def __init__(self, root=None):
        self.root = os.path.abspath(root) if root else store_root()

    # ---- plumbing ----

    def path(self, *parts):
        return os.path.join(self.root, *parts)

    def read_json(self, *parts):
        """The record at `parts` under the root, or None when it is not there."""
        path = self.path(*parts)
        try:
            with open(path, "rb") as file:
                data = file.read()
        except (FileNotFoundError, NotADirectoryError):
            return None
        try:
            return json.loads(data)
        except ValueError as error:
            raise StoreCorrupt(f"The record {path} is corrupt ({error}).") from None

    def children(self, *parts):
        """Names in a folder of the store, sorted; temporary files of a write in progress left out."""
        try:
            names = os.listdir(self.path(*parts))
        except (FileNotFoundError, NotADirectoryError):
            return []
        return sorted(name for name in names if ".tmp-" not in name)

    # ---- flows and runs ----

    def flows(self):
        return [name for name in self.children("runs") if FLOW_NAME.match(name)]

    def has_flow(self, flow):
        return os.path.isdir(self.path("runs", flow))

    def run_ids(self, flow):
        """Run ids of a flow, newest first (ULIDs sort by start time)."""
        return [name for name in reversed(self.children("runs", flow)) if RUN_ID.match(name)]

    def run_record(self, flow, run_id):
        return self.read_json("runs", flow, run_id, "run.json")

    def run_state(self, flow, run_id, record=None):
        record = record or self.run_record(flow, run_id)
        if record is None:
            return None
        return RunState(record, self.read_json("runs", flow, run_id, "end.json"))

    def run_tags(self, flow, run_id, record):
        """`user:<name>`, the record's tags, then every tag event (RunStore.tagsOf). The folder
        comes from the checked names, never from the record (a pulled record is someone else's)."""
        events = []
        for name in self.children("runs", flow, run_id, "tags"):
            if name.endswith(".json"):
                event = self.read_json("runs", flow, run_id, "tags", name)
                if isinstance(event, dict):
                    events.append(event)
        record_tags = list(record.get("tags") or [])
        user_tag = f"user:{record.get('user')}"
        if user_tag not in record_tags:
            record_tags.insert(0, user_tag)
        return fold_tags(record_tags, events)

    # ---- steps, tasks, attempts ----

    def steps(self, flow, run_id):
        return [name for name in self.children("runs", flow, run_id, "tasks") if STEP_NAME.match(name)]

    def task_ids(self, flow, run_id, step):
        """Task ids of a step in launch order, including tasks still running (no task.json yet)."""
        ids = [name for name in self.children("runs", flow, run_id, "tasks", step) if TASK_ID.match(name)]
        return sorted(ids, key=int)

    def task_record(self, flow, run_id, step, task_id):
        return self.read_json("runs", flow, run_id, "tasks", step, task_id, "task.json")

    def attempts(self, flow, run_id, step, task_id):
        numbers = []
        for name in self.children("runs", flow, run_id, "tasks", step, task_id):
            match = ATTEMPT.match(name)
            if match:
                numbers.append(int(match.group(1)))
        return sorted(numbers)

    def attempt_record(self, flow, run_id, step, task_id, attempt, which):
        return self.read_json("runs", flow, run_id, "tasks", step, task_id, f"attempt-{attempt}", f"{which}.json")

    def log(self, flow, run_id, step, task_id, attempt, stream):
        """An attempt's stdout or stderr as text ('' when it wrote nothing)."""
        path = self.path("runs", flow, run_id, "tasks", step, task_id, f"attempt-{attempt}", f"{stream}.log")
        try:
            with open(path, "rb") as file:
                return file.read().decode("utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    # ---- blobs ----

    def blob_path(self, sha):
        """`blobs/sha256/ab/<sha>` (blobKey in content-addressed-store.ts)."""
        if not isinstance(sha, str) or not SHA256.match(sha):
            raise StoreCorrupt(f"Not a sha256 digest: {sha!r}.")
        return self.path("blobs", "sha256", sha[:2], sha)
