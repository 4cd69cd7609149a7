"""Flowbench's step runtime and the API flows import (Metaflow's, which flows already use).

    from flowbench import FlowSpec, step, Parameter, current

`python -m flowbench.task SPEC.json` runs one task; `python -m flowbench.worker` forks tasks
from a warm process. docs/task-protocol.md is the contract with the engine.
"""

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
