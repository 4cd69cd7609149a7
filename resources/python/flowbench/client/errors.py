"""What the client raises. The names are Metaflow's, so notebook code written for Metaflow's
client (`except MetaflowNotFound:`) keeps working; every message says what was looked for, where,
and what to do."""


class FlowbenchClientError(Exception):
    """Base of every error the client raises on purpose."""


class MetaflowNotFound(FlowbenchClientError):
    """No such flow, run, step or task in the store."""


class MetaflowNamespaceMismatch(FlowbenchClientError):
    """The run exists but is outside the current namespace (see `namespace()`)."""


class MetaflowInvalidPathspec(FlowbenchClientError, ValueError):
    """Not a `Flow`, `Flow/RunId`, `Flow/RunId/step` or `Flow/RunId/step/TaskId`."""


class ArtifactUnavailable(FlowbenchClientError):
    """An artifact's value cannot be read here: its blob is missing or corrupt, or rebuilding it
    would need code this Python does not have (or must not run: the flow's own file)."""


class StoreCorrupt(FlowbenchClientError):
    """A record in the store is not valid JSON."""
