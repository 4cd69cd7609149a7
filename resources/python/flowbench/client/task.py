"""`Task('Flow/RunId/step/TaskId')`: one task's artifacts, logs, status and place in a foreach."""

from .data import Artifacts, DataArtifact, ParameterArtifact, TaskData, parse_time
from .store import SHA256, parse_pathspec

# A resumed run's reused tasks point at the task they reuse; chains are short, but never endless.
MAX_ORIGIN_HOPS = 100

# When one task's artifact must be fetched, the same artifact of the step's other tasks comes in
# the same `fetch-blob` call, up to this many bytes: a notebook iterating a foreach reads them next.
SIBLING_FETCH_BYTES = 64 * 1024 * 1024


class Task:
    """A task. `attempt=N` picks which attempt's logs `stdout`/`stderr` show (default: the last)."""

    def __init__(self, pathspec, attempt=None, _namespace_check=True, _step=None):
        from .step import Step

        flow, run_id, step, self.id = parse_pathspec(pathspec, 4)
        self._step = _step or Step(f"{flow}/{run_id}/{step}", _namespace_check=_namespace_check)
        self._store = self._step._store
        self._attempt = attempt
        if self.id not in self._step:
            from .errors import MetaflowNotFound

            raise MetaflowNotFound(f"Task {pathspec} does not exist (tasks of the step: {', '.join(self._step._task_ids())}).")

    @property
    def pathspec(self):
        return f"{self._step.pathspec}/{self.id}"

    @property
    def parent(self):
        return self._step

    def _where(self):
        run = self._step._run
        return run._flow, run.id, self._step.id, self.id

    def _record(self):
        """task.json, or None while the task runs (or when its engine died mid-task)."""
        return self._store.task_record(*self._where())

    # ---- status ----

    @property
    def finished(self):
        return self._record() is not None

    @property
    def successful(self):
        record = self._record()
        return record is not None and record.get("status") == "succeeded"

    @property
    def status(self):
        """`succeeded`, `failed` or `cancelled` once finished; None before."""
        record = self._record()
        return record.get("status") if record else None

    @property
    def exception(self):
        """For a failed task (or one whose exception `@catch` caught): `{type, message, traceback}`."""
        record = self._record() or {}
        return record.get("exception") or record.get("caught")

    @property
    def created_at(self):
        record = self._record()
        if record:
            return parse_time(record.get("startedAt"))
        attempts = self._store.attempts(*self._where())
        start = self._store.attempt_record(*self._where(), attempts[0], "start") if attempts else None
        return parse_time(start.get("startedAt")) if start else None

    @property
    def finished_at(self):
        record = self._record()
        return parse_time(record.get("finishedAt")) if record else None

    @property
    def current_attempt(self):
        """The number of its last attempt (counting from 0)."""
        attempts = self._store.attempts(*self._where())
        return attempts[-1] if attempts else 0

    @property
    def index(self):
        """Its item's index in the innermost foreach it is part of, else None."""
        frames = (self._record() or {}).get("splitStack") or []
        foreach = [frame for frame in frames if frame.get("kind") == "foreach"]
        return foreach[-1].get("index") if foreach else None

    @property
    def origin_pathspec(self):
        """For a task a resume reused: the task whose results it reuses."""
        return (self._record() or {}).get("origin")

    # ---- artifacts ----

    @property
    def artifacts(self):
        entries = {name: ParameterArtifact(self, name, value) for name, value in self._step._run.parameters.items()}
        for name, record in ((self._record() or {}).get("artifacts") or {}).items():
            entries[name] = DataArtifact(self, name, record)
        return Artifacts(self, entries)

    @property
    def data(self):
        return TaskData(self.artifacts)

    def _sibling_blobs(self, name):
        """Digests of artifact `name` in the step's other tasks that are not local yet, in task
        order after this one, as many as fit in SIBLING_FETCH_BYTES and one `fetch-blob` call."""
        import os

        from .blobs import MAX_BATCH

        run, step, store = self._step._run, self._step.id, self._store
        ids = self._step._task_ids()
        after = ids[ids.index(self.id) + 1 :] + ids[: ids.index(self.id)] if self.id in ids else ids
        shas, total = [], 0
        for task_id in after:
            record = ((store.task_record(run._flow, run.id, step, task_id) or {}).get("artifacts") or {}).get(name)
            sha = record.get("sha") if isinstance(record, dict) else None
            if not isinstance(sha, str) or not SHA256.match(sha) or sha in shas or os.path.exists(store.blob_path(sha)):
                continue
            total += record.get("size") or 0
            if total > SIBLING_FETCH_BYTES:
                break
            shas.append(sha)
            if len(shas) >= MAX_BATCH - 1:
                break  # one command line's worth; the rest come with a later read
        return shas

    @property
    def code(self):
        return self._step._run.code

    @property
    def tags(self):
        """Its run's tags (as in Metaflow, a task carries the tags of its run)."""
        return self._step._run.tags

    def __getitem__(self, name):
        """`task["name"]` → its DataArtifact (Metaflow's shape); KeyError when there is none."""
        return self.artifacts[name]

    def __iter__(self):
        return iter(self.artifacts)

    def __contains__(self, name):
        return name in self.artifacts

    # ---- logs ----

    @property
    def stdout(self):
        return self._log("stdout")

    @property
    def stderr(self):
        return self._log("stderr")

    def _log(self, stream):
        # A task reused by resume has no attempts of its own: its logs are its origin's (logs.ts).
        where = self._where()
        record = self._record()
        for _ in range(MAX_ORIGIN_HOPS):
            if not record or not record.get("origin"):
                break
            where = tuple(parse_pathspec(record["origin"], 4))
            record = self._store.task_record(*where)
        attempts = self._store.attempts(*where)
        if not attempts:
            return ""
        attempt = attempts[-1] if self._attempt is None else self._attempt
        if attempt not in attempts:
            from .errors import MetaflowNotFound

            listed = ", ".join(str(number) for number in attempts)
            raise MetaflowNotFound(f"{self.pathspec} has no attempt {attempt} (its attempts: {listed}; they count from 0).")
        return self._store.log(*where, attempt, stream)

    def __repr__(self):
        return f"Task('{self.pathspec}')"
