"""One task: `python -m flowbench.task SPEC.json` (the contract is docs/task-protocol.md).

1. Read the spec; set up `current`, the environment and the `metaflow` shim; import the flow.
2. Build the flow object: the artifacts it may read, its inputs (in a join), its foreach place.
3. Run the step. With `@catch` (on the last attempt) an exception is stored and the flow moves on.
4. Store the artifacts: new and changed values as blobs, the others passed on by reference.
5. Write result.json, last and atomically: its presence means the runtime finished.
"""

import os
import sys

from . import lean_json
from .artifact_store import PICKLE_PROTOCOL, ArtifactRef, BlobFolder, pickle_codec, store_value
from .current import current
from .errors import FlowbenchError
from .flow_loader import find_flow_class, install_metaflow_shim, leave_working_folder_off_path, load_flow_module
from .flowspec import CONTEXT, Inputs, TaskContext, count_splits, foreach_item
from .parameters import flow_parameters
from .preview import type_name

PROTOCOL = 1
REQUIRED_SPEC_FIELDS = ("flow_file", "flow_class", "flow_name", "step", "run_id", "task_id", "output_dir")
FOREACH_VALUES = "_foreach_values"

EXIT_OK = 0  # also for an exception caught by @catch
EXIT_FAILED = 1
EXIT_BAD_SPEC = 2  # no result.json: we do not know where it would go


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python -m flowbench.task SPEC.json", file=sys.stderr)
        return EXIT_BAD_SPEC
    # The engine shows the logs while the task runs; a block-buffered pipe would hold them back.
    sys.stdout.reconfigure(line_buffering=True)
    return run_task(argv[0])


def run_task(spec_path):
    """Runs the task described by the spec file and returns the process exit code."""
    try:
        with open(spec_path, "rb") as file:
            spec = lean_json.loads(file.read())
        missing = [field for field in REQUIRED_SPEC_FIELDS if not isinstance(spec.get(field), str)]
        if missing:
            raise ValueError(f"it lacks {', '.join(missing)}")
        output_dir = spec["output_dir"]
    except (OSError, ValueError, AttributeError) as error:
        print(f"flowbench: cannot read the task spec {spec_path}: {error}", file=sys.stderr)
        return EXIT_BAD_SPEC
    result = Task(spec).run()
    write_result(output_dir, result)
    return EXIT_FAILED if result["status"] == "error" else EXIT_OK


def write_result(output_dir, result):
    os.makedirs(output_dir, exist_ok=True)
    final = os.path.join(output_dir, "result.json")
    temporary = f"{final}.{os.getpid()}.tmp"
    with open(temporary, "w", encoding="utf-8") as file:
        file.write(lean_json.dumps(result))
    os.replace(temporary, final)


class Task:
    def __init__(self, spec):
        self.spec = spec
        self.step = spec["step"]
        self.blobs = BlobFolder(spec["output_dir"])
        self.flow = None
        self.context = None
        self.join_inputs = None
        # The first input's artifacts: where this task's parameter artifacts come from unchanged.
        self.inherited = {}
        # How this task's `_foreach_values` is recorded: None (passed on with the inherited
        # artifacts, or not in a foreach), "store" (computed here), or an input's ArtifactRef.
        self.foreach_values_plan = None

    def run(self):
        try:
            flow_class = self._prepare()
            self._build(flow_class)
        except (Exception, SystemExit) as error:
            return self._result("error", exception=describe_exception(error))

        status, exception, transition = self._run_step()
        try:
            artifacts = self._store_artifacts(best_effort=status == "error")
        except Exception as error:
            if status != "error":  # a failed step's own exception says more than this one
                status, exception = "error", describe_exception(error)
            artifacts, transition = {}, None
        return self._result(status, artifacts, transition, exception)

    def _result(self, status, artifacts=None, transition=None, exception=None):
        return {
            "protocol": PROTOCOL,
            "status": status,
            "artifacts": artifacts or {},
            "transition": transition,
            "exception": exception,
        }

    # 1. -------------------------------------------------------------------------------------

    def _prepare(self):
        spec = self.spec
        for name, value in (spec.get("environment") or {}).items():
            os.environ[name] = str(value)
        current._enter_task(spec)
        install_metaflow_shim()
        sys.argv = [spec["flow_file"]]
        module = load_flow_module(spec["flow_file"])
        return find_flow_class(module, spec["flow_class"])

    # 2. -------------------------------------------------------------------------------------

    def _build(self, flow_class):
        spec = self.spec
        step_function = getattr(flow_class, self.step, None)
        if not getattr(step_function, "is_step", False):
            raise FlowbenchError(f"Flow {flow_class.__name__} has no step '{self.step}' (a method marked @step).")
        parameters = spec.get("parameters") or {}
        frames = spec.get("foreach_stack") or []
        inputs = spec.get("inputs") or []
        input_artifacts = [
            {name: ArtifactRef(name, entry) for name, entry in (task.get("artifacts") or {}).items()}
            for task in inputs
        ]
        self.inherited = input_artifacts[0] if input_artifacts else {}
        if takes_inputs(step_function):
            self.context = self._join_context(parameters, frames, inputs, input_artifacts, flow_class)
        else:
            self.context = self._linear_context(parameters, frames, inputs, input_artifacts)
        self.flow = flow_class._for_task(self.context)

    def _linear_context(self, parameters, frames, inputs, input_artifacts):
        """A non-join step sees all artifacts of its parent task as its own."""
        parent = input_artifacts[0] if input_artifacts else {}
        # The first step of a foreach split has a frame its parent (the splitting step) lacks;
        # later steps of the split carry the parent's `_foreach_values` on unchanged.
        starts_split = bool(frames and inputs) and frames[-1].get("step") == inputs[0].get("step")

        def foreach_values():
            values = load_or(parent.get(FOREACH_VALUES), [])
            if not starts_split:
                return values
            frame = frames[-1]
            split_var = parent.get(frame["var"])
            if split_var is None:
                raise FlowbenchError(
                    f"Step '{self.step}' cannot find its foreach variable '{frame['var']}' "
                    f"among the artifacts of step '{frame['step']}'."
                )
            return values[: len(frames) - 1] + [foreach_item(split_var.load(), frame["index"])]

        self.foreach_values_plan = "store" if starts_split else None
        return TaskContext(self.step, parameters, dict(parent), frames, foreach_values=foreach_values)

    def _join_context(self, parameters, frames, inputs, input_artifacts, flow_class):
        """A join step starts with no artifacts; each input is a read-only flow object."""
        # The tasks of one foreach split all run the same step; a branch join's come from
        # different steps. The engine lists a foreach join's inputs in split order.
        closes_foreach = len({task.get("step") for task in inputs}) == 1
        views = []
        for position, (task, artifacts) in enumerate(zip(inputs, input_artifacts)):
            view_frames = frames
            if closes_foreach:
                view_frames = frames + [{"step": task.get("step"), "index": position, "num_splits": len(inputs)}]
            label = f"Input from step '{task.get('step')}' (task {task.get('task_id')})"
            context = TaskContext(
                task.get("step"),
                parameters,
                dict(artifacts),
                view_frames,
                foreach_values=lambda ref=artifacts.get(FOREACH_VALUES): load_or(ref, []),
                input_label=label,
            )
            views.append(flow_class._for_task(context))
        self.join_inputs = Inputs(views)

        first = input_artifacts[0] if input_artifacts else {}
        if frames:
            self.foreach_values_plan = "store" if closes_foreach else first.get(FOREACH_VALUES)
        return TaskContext(
            self.step,
            parameters,
            {},
            frames,
            is_join=True,
            foreach_values=lambda: load_or(first.get(FOREACH_VALUES), [])[: len(frames)],
        )

    # 3. -------------------------------------------------------------------------------------

    def _run_step(self):
        """Returns (status, exception, transition)."""
        method = getattr(self.flow, self.step)
        try:
            if self.join_inputs is not None:
                method(self.join_inputs)
            else:
                method()
        except (Exception, SystemExit) as error:
            return self._step_raised(error)
        try:
            return "ok", None, self._completed_transition()
        except FlowbenchError as error:
            return "error", describe_exception(error, with_traceback=False), None

    def _completed_transition(self):
        transition = self.context.transition
        if self.step == "end":
            if transition is not None:
                raise FlowbenchError("Step 'end' called self.next(...), but the flow stops after end.")
            return {"kind": "end", "targets": []}
        if transition is None:
            raise FlowbenchError(
                f"Step '{self.step}' finished without calling self.next(...). "
                f"End it with the step that follows, e.g. self.next(self.end)."
            )
        return transition

    def _step_raised(self, error):
        catch = self.spec.get("catch")
        # Like Metaflow, @retry gets its attempts first; @catch acts on the last one.
        last_attempt = self.spec.get("retry_count", 0) >= self.spec.get("max_user_code_retries", 0)
        if catch is None or not last_attempt:
            return "error", describe_exception(error), None
        exception = describe_exception(error, print_it=catch.get("print_exception", True))
        if catch.get("var"):
            self.flow.__dict__[catch["var"]] = storable_exception(error)
        try:
            transition = self.context.transition or self._static_transition()
        except (Exception, SystemExit) as problem:
            message = (
                f"Step '{self.step}' raised {exception['type']} (caught by @catch) before self.next(...), "
                f"and where the flow goes next cannot be decided: {problem}"
            )
            print(message, file=sys.stderr)
            return "error", dict(exception, message=message), None
        return "caught", exception, transition

    def _static_transition(self):
        """The transition of a step that raised before self.next(...), from the flow's source."""
        if self.step == "end":
            return {"kind": "end", "targets": []}
        static = self.spec.get("static_transition")
        if not static:
            raise FlowbenchError("the task spec has no static_transition")
        kind = static["kind"]
        if kind == "foreach":
            var = static["foreach_var"]
            num_splits = count_splits(getattr(self.flow, var), self.step, var)
            return {"kind": kind, "targets": list(static["targets"]), "foreach_var": var, "num_splits": num_splits}
        if kind == "switch":
            condition, cases = static.get("condition"), static.get("cases") or {}
            case = str(getattr(self.flow, condition)) if condition else None
            if case not in cases:
                raise FlowbenchError(f"self.{condition} is {case!r}, not one of the switch's cases {sorted(cases)}")
            return {"kind": kind, "targets": [cases[case]], "switch_case": case}
        return {"kind": kind, "targets": list(static["targets"])}

    # 4. -------------------------------------------------------------------------------------

    def _store_artifacts(self, best_effort):
        """The records of all artifacts of this task. Unread inherited (or merged) artifacts are
        passed on by reference: same sha and record, their bytes are not even read."""
        context = self.context
        records = {name: ref.passed_on_record() for name, ref in context.artifacts.items()}
        for name, value in self.flow.__dict__.items():
            if name == CONTEXT:
                continue
            try:
                records[name] = store_value(name, value, self.blobs, read_from=context.loaded.get(name))
            except FlowbenchError as error:
                if not best_effort:
                    raise
                # The task failed already; keep what can be kept for whoever debugs it.
                print(f"flowbench: {error}", file=sys.stderr)
        # Parameters are artifacts, as in Metaflow (joins included): passed on by reference
        # while the value is the inherited one, stored where it differs (start; a resume given
        # a new value).
        parameters = self.spec.get("parameters") or {}
        for attribute, parameter in flow_parameters(type(self.flow)):
            if parameter.name in parameters:
                value = parameters[parameter.name]
                records[attribute] = store_value(attribute, value, self.blobs, read_from=self.inherited.get(attribute))
        plan = self.foreach_values_plan
        if plan == "store":
            records[FOREACH_VALUES] = store_value(FOREACH_VALUES, context.foreach_values(), self.blobs)
        elif plan is not None:
            records[FOREACH_VALUES] = plan.passed_on_record()
        return records


def takes_inputs(step_function):
    """A join step is written `def join(self, inputs)`."""
    function = step_function
    while hasattr(function, "__wrapped__"):  # under functools.wraps-style decorators
        function = function.__wrapped__
    return function.__code__.co_argcount >= 2


def load_or(ref, default):
    return ref.load() if ref is not None else default


def storable_exception(error):
    """The exception itself when it survives pickling, else its text (for @catch(var=...))."""
    try:
        pickle_codec.loads(pickle_codec.dumps(error, protocol=PICKLE_PROTOCOL))
        return error
    except Exception:
        return f"{type_name(error)}: {error}"


def describe_exception(error, print_it=True, with_traceback=True):
    """The protocol's `exception` object; the traceback also goes to stderr (the task's log)."""
    import traceback

    frames = error.__traceback__
    # Start at the user's code, not at the runtime line that called the step.
    while frames is not None and frames.tb_frame.f_code.co_filename == __file__:
        frames = frames.tb_next
    text = "".join(traceback.format_exception(type(error), error, frames)) if with_traceback else ""
    message = str(error)
    if isinstance(error, SystemExit):
        message = f"the step called sys.exit({error.code!r})"
    if print_it:
        print(text or f"{type_name(error)}: {message}", file=sys.stderr, end="" if text else "\n")
    return {"type": type_name(error), "message": message, "traceback": text or None}


if __name__ == "__main__":
    leave_working_folder_off_path()
    sys.exit(main())
