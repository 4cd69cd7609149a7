"""A task's artifacts: `task.data.name` for values, `task.artifacts.name` for what is known
about each (digest, type, size, preview) without reading it."""

import datetime

from .blobs import read_blob
from .values import decode


def parse_time(text):
    """A record's ISO time (`2026-01-31T12:00:00.000Z`) as an aware UTC datetime, or None."""
    if not text:
        return None
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


class DataArtifact:
    """One artifact of one task. `.data` reads its value (fetching the blob first if needed)."""

    def __init__(self, task, name, record):
        self._task = task
        self.id = name
        self._record = record

    @property
    def pathspec(self):
        return f"{self._task.pathspec}/{self.id}"

    @property
    def data(self):
        what = f"Artifact '{self.id}' of {self._task.pathspec}"
        companions = lambda: self._task._sibling_blobs(self.id)  # noqa: E731 (called only to fetch)
        return decode(read_blob(self._task._store, self.sha, what, companions), self._record, what)

    @property
    def sha(self):
        return self._record["sha"]

    @property
    def type(self):
        """The Python type it had, e.g. `int`, `pandas.DataFrame`."""
        return self._record.get("type")

    @property
    def size(self):
        return self._record.get("size")

    @property
    def preview(self):
        return self._record.get("preview")

    @property
    def encoding(self):
        return self._record.get("encoding")

    @property
    def table(self):
        """For a DataFrame: its table record (format, rows, columns), as SQL sees it."""
        return self._record.get("table")

    @property
    def finished_at(self):
        return self._task.finished_at

    def __repr__(self):
        return f"DataArtifact('{self.pathspec}')"


class ParameterArtifact:
    """A run parameter seen as an artifact, as Metaflow shows parameters in every task's data.
    Its value is in the run record, so there is no blob (`sha` is None)."""

    sha = None
    size = None
    table = None
    encoding = "parameter"

    def __init__(self, task, name, value):
        self._task = task
        self.id = name
        self._value = value
        self.type = type(value).__name__
        self.preview = repr(value)[:200]

    @property
    def finished_at(self):
        return self._task.finished_at

    @property
    def data(self):
        return self._value

    @property
    def pathspec(self):
        return f"{self._task.pathspec}/{self.id}"

    def __repr__(self):
        return f"DataArtifact('{self.pathspec}')"


class Artifacts:
    """`task.artifacts.name` → DataArtifact; iterable; `'name' in task.artifacts`."""

    def __init__(self, task, entries):
        self._task = task
        self._entries = entries  # name → DataArtifact or ParameterArtifact

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        try:
            return self._entries[name]
        except KeyError:
            raise AttributeError(_no_such(self._task, name, self._entries)) from None

    def __getitem__(self, name):
        return self._entries[name]

    def __contains__(self, name):
        return name in self._entries

    def __iter__(self):
        return iter(self._entries.values())

    def __len__(self):
        return len(self._entries)

    def __dir__(self):
        return _visible(self._entries)

    def __repr__(self):
        return f"<artifacts of {self._task.pathspec}: {', '.join(_visible(self._entries))}>"


class TaskData:
    """`task.data.name` → the value. Parameters of the run are there too; artifacts win."""

    def __init__(self, artifacts):
        self._artifacts = artifacts

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self._artifacts, name).data

    def __getitem__(self, name):
        return self._artifacts[name].data

    def __contains__(self, name):
        return name in self._artifacts

    def __iter__(self):
        return iter(_visible(self._artifacts._entries))

    def __dir__(self):
        return _visible(self._artifacts._entries)

    def __repr__(self):
        return f"<data of {self._artifacts._task.pathspec}: {', '.join(_visible(self._artifacts._entries))}>"


def _visible(entries):
    # `_foreach_values` and the like are the runtime's own bookkeeping: readable, not listed.
    return sorted(name for name in entries if not name.startswith("_"))


def _no_such(task, name, entries):
    names = ", ".join(_visible(entries)) or "none"
    return f"{task.pathspec} has no artifact '{name}' (artifacts: {names})."
