"""Importing the user's flow file, with `metaflow` resolving to Flowbench.

The flow module is imported under a fixed name, `__flowbench_flow__`, never `__main__`: its
`if __name__ == "__main__": MyFlow()` stays off, and objects pickled from classes defined in the
flow find that module again in the next task. Its directory goes on sys.path so the flow can
import modules that sit beside it; the folder `flowbench run` was typed in does not (see
`leave_working_folder_off_path`).
"""

import os
import sys

FLOW_MODULE = "__flowbench_flow__"


def leave_working_folder_off_path():
    """Takes off sys.path the working folder that `python -m flowbench.X` put first on it.

    The runtime's entry points (a task, the warm worker, the container's agent, the defaults'
    evaluation) run as `python -m`, which makes the folder the person typed `flowbench run` in
    importable. A flow could then import a module from there, which the run's code snapshot does
    not hold (it holds the flow's folder): the run would work here and fail on resume, in a
    container or on a teammate's machine, and its record would not be the code it ran. Under
    Metaflow (`python flow.py run`) that folder is not on the path either. Called first thing by
    each entry point, before any of the flow's code runs; the working folder itself, where a step
    opens relative paths, stays as it is.
    """
    if getattr(sys.flags, "safe_path", False) or not sys.path:
        return  # -P (Python 3.11+): nothing was put there
    first = sys.path[0]
    if first == "" or os.path.realpath(first) == os.path.realpath(os.getcwd()):
        del sys.path[0]


def install_metaflow_shim():
    """Makes `import metaflow` / `from metaflow import FlowSpec, step` give Flowbench's API.

    Under Flowbench the flow always runs on Flowbench's runtime, even where a real metaflow is
    installed: its FlowSpec would try to run the flow itself.
    """
    sys.modules["metaflow"] = sys.modules["flowbench"]


def load_flow_module(flow_file):
    """Imports `flow_file` as `__flowbench_flow__` (reusing it when already imported, e.g. preloaded)."""
    flow_file = os.path.abspath(flow_file)
    module = sys.modules.get(FLOW_MODULE)
    if module is not None and module.__file__ == flow_file:
        return module
    directory = os.path.dirname(flow_file)
    if directory not in sys.path:
        sys.path.insert(0, directory)
    with open(flow_file, "rb") as file:
        source = file.read()
    code = compile(source, flow_file, "exec", dont_inherit=True)
    module = type(sys)(FLOW_MODULE)
    module.__file__ = flow_file
    # Registered before the code runs, as `import` does: dataclasses and pickle look it up.
    sys.modules[FLOW_MODULE] = module
    try:
        exec(code, module.__dict__)
    except BaseException:
        del sys.modules[FLOW_MODULE]
        raise
    return module


def find_flow_class(module, class_name):
    from .flowspec import FlowSpec

    cls = getattr(module, class_name, None)
    if isinstance(cls, type) and issubclass(cls, FlowSpec):
        return cls
    found = sorted(
        name
        for name, value in vars(module).items()
        if isinstance(value, type) and issubclass(value, FlowSpec) and value is not FlowSpec
    )
    raise LookupError(
        f"{module.__file__} has no flow class '{class_name}' (a subclass of FlowSpec); "
        f"flow classes found: {', '.join(found) or 'none'}."
    )
