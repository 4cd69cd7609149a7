"""`Run('Flow/RunId')`: one run, its status, tags, parameters, steps and end data."""

from .blobs import read_blob
from .data import parse_time
from .errors import MetaflowNamespaceMismatch, MetaflowNotFound
from .namespace import get_namespace, in_namespace
from .store import STEP_NAME, Store, parse_pathspec


class Run:
    """A run, read from its records each time a property is asked (a live run moves on).

    Outside the current namespace, `Run(...)` raises MetaflowNamespaceMismatch, as Metaflow does.
    """

    def __init__(self, pathspec, _namespace_check=True, _store=None, _record=None):
        self._flow, self.id = parse_pathspec(pathspec, 2)
        self._store = _store or Store()
        self._record = _record or self._store.run_record(self._flow, self.id)
        if self._record is None:
            raise MetaflowNotFound(
                f"Run {pathspec} does not exist in {self._store.root}. "
                f"List its flow's runs with list(Flow('{self._flow}')) or \"flowbench runs {self._flow}\"."
            )
        if _namespace_check:
            ns = get_namespace()
            if not in_namespace(self.tags, ns):
                raise MetaflowNamespaceMismatch(
                    f"Run {pathspec} is not in the namespace '{ns}' (its tags: {', '.join(sorted(self.tags))}). "
                    f"See every run with namespace(None), or {self.user}'s with namespace('user:{self.user}')."
                )

    # ---- who, where, when ----

    @property
    def pathspec(self):
        return f"{self._flow}/{self.id}"

    @property
    def parent(self):
        from .flow import Flow

        return Flow(self._flow, _store=self._store)

    @property
    def user(self):
        return self._record.get("user")

    @property
    def created_at(self):
        return parse_time(self._record.get("startedAt"))

    @property
    def finished_at(self):
        end = self._state().end
        return parse_time(end.get("finishedAt")) if end else None

    @property
    def parameters(self):
        """Parameter values as resolved: exactly what every task saw."""
        return dict(self._record.get("parameters") or {})

    @property
    def origin_pathspec(self):
        """For a resumed run, the run it resumed (`Flow/RunId`); else None."""
        origin = self._record.get("origin")
        return f"{self._flow}/{origin['runId']}" if origin else None

    # ---- how it went ----

    def _state(self):
        return self._store.run_state(self._flow, self.id, self._record)

    @property
    def status(self):
        """`running`, `succeeded`, `failed` or `cancelled`. A run whose engine on this machine
        stopped without recording an end counts as failed."""
        return self._state().status

    @property
    def successful(self):
        return self.status == "succeeded"

    @property
    def finished(self):
        """True once the run has ended, whatever the outcome (Metaflow: only when `end` ran;
        `successful` says that)."""
        return self.status != "running"

    @property
    def message(self):
        """For a run that failed: what failed, in a sentence."""
        state = self._state()
        return (state.end or {}).get("message") or state.note

    # ---- tags ----

    @property
    def tags(self):
        """Every tag: `user:<name>`, the tags it ran with, then those added or removed since."""
        return frozenset(self._store.run_tags(self._flow, self.id, self._record))

    @property
    def system_tags(self):
        return frozenset((f"user:{self.user}",))

    @property
    def user_tags(self):
        return self.tags - self.system_tags

    def is_in_namespace(self):
        return in_namespace(self.tags)

    # ---- steps and data ----

    def steps(self):
        """The steps that ran (or run), most recent first, as Metaflow lists them."""
        from .step import Step

        found = []
        for name in self._store.steps(self._flow, self.id):
            ids = self._store.task_ids(self._flow, self.id, name)
            if ids:
                found.append((int(ids[0]), Step(f"{self.pathspec}/{name}", _run=self)))
        return [step for _, step in sorted(found, key=lambda pair: pair[0], reverse=True)]

    def __iter__(self):
        return iter(self.steps())

    def __getitem__(self, name):
        from .step import Step

        if not isinstance(name, str) or not STEP_NAME.match(name) or not self._store.task_ids(self._flow, self.id, name):
            raise KeyError(name)
        return Step(f"{self.pathspec}/{name}", _run=self)

    def __contains__(self, name):
        try:
            self[name]
            return True
        except KeyError:
            return False

    @property
    def end_task(self):
        """The `end` step's task, or None while (or when) the run has not reached it."""
        return self["end"].task if "end" in self else None

    @property
    def data(self):
        """The end step's artifacts (`run.data.accuracy`), or None when there is no end task."""
        end = self.end_task
        return end.data if end is not None and end.finished else None

    @property
    def code(self):
        return RunCode(self)

    def __repr__(self):
        return f"Run('{self.pathspec}')"


class RunCode:
    """The flow's source as it was when the run started (`run.code.flowspec`)."""

    def __init__(self, run):
        self._run = run
        self.path = run._record.get("flowFile")
        self.script_name = self.path.replace("\\", "/").rsplit("/", 1)[-1] if self.path else None

    @property
    def flowspec(self):
        sha = self._run._record["codeSha"]
        return read_blob(self._run._store, sha, f"The code of {self._run.pathspec}").decode("utf-8")

    def __repr__(self):
        return f"<code of {self._run.pathspec}: {self.script_name}>"
