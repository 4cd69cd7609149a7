"""Flowbench's step runtime and the API flows import (Metaflow's, which flows already use).

    from flowbench import FlowSpec, step, Parameter, current

and the client that reads runs back, in notebooks or in a step (Metaflow's client API):

    from flowbench import Flow, Run, Step, Task, namespace, get_namespace, default_namespace

`python -m flowbench.task SPEC.json` runs one task; `python -m flowbench.worker` forks tasks
from a warm process. docs/task-protocol.md is the contract with the engine.
"""

from .lazy_exports import CLIENT_NAMES
from .current import current
from .decorators import (
    batch,
    card,
    catch,
    conda,
    conda_base,
    docker,
    environment,
    kubernetes,
    project,
    pypi,
    pypi_base,
    resources,
    retry,
    schedule,
    secrets,
    step,
    timeout,
    trigger,
    trigger_on_finish,
)
from .flowspec import FlowSpec
from .parameters import JSONType, Parameter

__all__ = [
    "FlowSpec",
    "JSONType",
    "Parameter",
    "batch",
    "card",
    "catch",
    "conda",
    "conda_base",
    "current",
    "docker",
    "environment",
    "kubernetes",
    "project",
    "pypi",
    "pypi_base",
    "resources",
    "retry",
    "schedule",
    "secrets",
    "step",
    "timeout",
    "trigger",
    "trigger_on_finish",
]

# The client (flowbench/client) is imported the first time one of its names is asked for, never
# by `import flowbench`: a task imports this package on every start and must not pay for it. So
# these names are left out of __all__ (a `from flowbench import *` would load the client).
_CLIENT_NAMES = frozenset(CLIENT_NAMES)


def __getattr__(name):
    if name in _CLIENT_NAMES:
        from . import client

        value = getattr(client, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'flowbench' has no attribute '{name}'")


def __dir__():
    return sorted(set(globals()) | _CLIENT_NAMES)
