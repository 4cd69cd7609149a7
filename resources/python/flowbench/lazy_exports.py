"""The names the client (flowbench/client) exports, in a module of their own that imports nothing:
`flowbench/__init__.py` offers them lazily without loading the client, and the client's
`__all__` is this list, so the two cannot disagree."""

CLIENT_NAMES = (
    "ArtifactUnavailable",
    "Flow",
    "FlowbenchClientError",
    "Metaflow",
    "MetaflowInvalidPathspec",
    "MetaflowNamespaceMismatch",
    "MetaflowNotFound",
    "Run",
    "Step",
    "StoreCorrupt",
    "Task",
    "default_namespace",
    "get_namespace",
    "namespace",
)
