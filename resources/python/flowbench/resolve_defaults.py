"""Evaluates parameter defaults written as code, once per run: `python -m flowbench.resolve_defaults REQUEST`.

The engine reads literal defaults from the source itself; a default the source does not spell
out (`default=lambda ctx: ...`, `default=DEFAULT_ALPHA`, `default=2**60`) is evaluated here, once,
at run start — as Metaflow evaluates them in the process that starts the run — and every task
of the run then receives the value in its spec, so no task evaluates it again.

REQUEST is JSON: {"flow_file", "flow_class", "flow_name", "username", "names": [parameter names],
"given": [names given a value: their type is wanted, a function default is not called]}.
The one line on stdout is JSON: {"defaults": {name: {"value", "type", "callable"[, "skipped"]}}}
or {"error"}.
Anything the flow prints while it is imported goes to stderr.
"""

import os
import sys

from . import lean_json
from .flow_loader import find_flow_class, install_metaflow_shim, leave_working_folder_off_path, load_flow_module
from .parameters import flow_parameters


def evaluate(request):
    install_metaflow_shim()
    sys.argv = [request["flow_file"]]
    flow_class = find_flow_class(load_flow_module(request["flow_file"]), request["flow_class"])
    by_name = {parameter.name: parameter for _, parameter in flow_parameters(flow_class)}
    defaults = {}
    given = set(request.get("given") or [])
    for name in request["names"]:
        parameter = by_name.get(name)
        if parameter is None:
            raise LookupError(f"{flow_class.__name__} has no Parameter named '{name}' when imported.")
        if name in given and callable(parameter.default):
            defaults[name] = {"value": None, "type": parameter.type_name(), "callable": True, "skipped": True}
            continue
        try:
            value = parameter.evaluate_default(request["flow_name"], request.get("username"))
        except Exception as error:
            raise RuntimeError(f"Parameter '{name}': its default raised {type(error).__name__}: {error}") from error
        try:
            lean_json.dumps(value)
        except (TypeError, ValueError):
            raise TypeError(
                f"Parameter '{name}': its default is a {type(value).__name__} ({value!r:.80}), "
                f"which is not a JSON value (a number, text, a bool, or a list/dict of those)."
            ) from None
        defaults[name] = {"value": value, "type": parameter.type_name(), "callable": callable(parameter.default)}
    return defaults


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python -m flowbench.resolve_defaults REQUEST_JSON", file=sys.stderr)
        return 2
    out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # the flow's own prints must not garble the answer
    try:
        answer = {"defaults": evaluate(lean_json.loads(argv[0]))}
    except (Exception, SystemExit) as error:
        answer = {"error": f"{type(error).__name__}: {error}" if not str(error).startswith("Parameter") else str(error)}
    out.write(lean_json.dumps(answer) + "\n")
    out.flush()
    return 0 if "defaults" in answer else 1


if __name__ == "__main__":
    leave_working_folder_off_path()
    sys.exit(main())
