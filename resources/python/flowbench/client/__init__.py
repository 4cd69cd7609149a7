"""Reading runs from Python and notebooks, in the shape of Metaflow's client API:

    from flowbench import Flow, namespace
    run = Flow("TrainFlow").latest_successful_run
    run["train"].task.data.accuracy, run.data.model, run.tags

It reads the store (`FLOWBENCH_HOME`, default ~/.flowbench) directly, with the standard library
only; a pulled teammate's blob that is not local yet comes through `flowbench fetch-blob`. It
never writes to the store and never runs a flow's code. docs/python-client.md has the API.

Imported only when one of these names is first used (`flowbench/__init__.py`), so a task never
pays for it.
"""

from ..lazy_exports import CLIENT_NAMES
from .errors import (
    ArtifactUnavailable,
    FlowbenchClientError,
    MetaflowInvalidPathspec,
    MetaflowNamespaceMismatch,
    MetaflowNotFound,
    StoreCorrupt,
)
from .flow import Flow, Metaflow
from .namespace import default_namespace, get_namespace, namespace
from .run import Run
from .step import Step
from .task import Task

__all__ = list(CLIENT_NAMES)
