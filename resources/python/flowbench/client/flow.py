"""`Metaflow()` and `Flow('Name')`: the entry points, as in Metaflow's client."""

from .errors import MetaflowNamespaceMismatch, MetaflowNotFound
from .namespace import get_namespace, in_namespace
from .store import Store, parse_pathspec


class Metaflow:
    """Every flow in the store: `Metaflow().flows`."""

    def __init__(self, _store=None):
        self._store = _store or Store()

    @property
    def flows(self):
        return [Flow(name, _store=self._store) for name in self._store.flows()]

    def __iter__(self):
        return iter(self.flows)

    def __repr__(self):
        return f"Metaflow({self._store.root!r})"


class Flow:
    """A flow's runs, newest first, in the current namespace.

        Flow('TrainFlow').latest_run['end'].task.data.accuracy
    """

    def __init__(self, pathspec, _store=None):
        (self.id,) = parse_pathspec(pathspec, 1)
        self._store = _store or Store()
        if not self._store.has_flow(self.id):
            known = ", ".join(self._store.flows()) or "none"
            raise MetaflowNotFound(f"Flow {self.id} has no runs in {self._store.root} (flows there: {known}).")

    @property
    def pathspec(self):
        return self.id

    def runs(self, *tags):
        """Runs in the current namespace that carry every tag given, newest first (lazily)."""
        from .run import Run

        ns = get_namespace()
        for run_id in self._store.run_ids(self.id):
            record = self._store.run_record(self.id, run_id)
            if record is None:
                continue  # a folder without run.json (a run still arriving) is not a run yet
            run = Run(f"{self.id}/{run_id}", _namespace_check=False, _store=self._store, _record=record)
            run_tags = run.tags
            if in_namespace(run_tags, ns) and all(tag in run_tags for tag in tags):
                yield run

    def __iter__(self):
        return self.runs()

    @property
    def latest_run(self):
        """The newest run in the current namespace (running, failed or not), or None."""
        return next(self.runs(), None)

    @property
    def latest_successful_run(self):
        """The newest run in the current namespace that succeeded, or None."""
        return next((run for run in self.runs() if run.successful), None)

    def __getitem__(self, run_id):
        from .run import Run

        try:
            return Run(f"{self.id}/{run_id}", _store=self._store)
        except MetaflowNotFound:
            raise KeyError(run_id) from None

    def __contains__(self, run_id):
        try:
            self[run_id]
            return True
        except (KeyError, MetaflowNamespaceMismatch):
            return False

    def __repr__(self):
        return f"Flow('{self.id}')"
