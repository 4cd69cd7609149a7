"""`FlowSpec`: the base class of flows, as a step sees it while it runs.

A flow object here lives for one task. The runtime builds it without calling `__init__` and
attaches a `TaskContext` (what the task knows: its parameters, the artifacts it may read, its
place in foreach splits). Attributes the step sets land in the object's `__dict__` as usual;
artifacts of earlier tasks are read lazily through `__getattr__` on first access, so a step
that does not touch a large artifact never reads it.
"""

import sys
from itertools import islice

from .errors import FlowbenchError

CONTEXT = "__flowbench_task__"
# Where len() and [index] agree with iteration, and so can stand in for it.
_SEQUENCES = (list, tuple, range, str)


class TaskContext:
    """What one flow object knows about the task it belongs to (or, in a join, an input of it)."""

    def __init__(self, step, parameters, artifacts, frames, is_join=False, foreach_values=None, input_label=None):
        self.step = step
        self.parameters = parameters
        # name -> ArtifactRef: readable artifacts that are not (yet) in the object's __dict__.
        self.artifacts = artifacts
        # name -> ArtifactRef for artifacts that were read; their values now sit in __dict__.
        self.loaded = {}
        # foreach_stack frames of the spec, outermost first: {"index", "num_splits", ...}.
        self.frames = frames
        self.is_join = is_join
        # Set for the flow objects a join receives as `inputs`: read-only views of other tasks.
        self.input_label = input_label
        self.label = input_label or f"Step '{step}'"
        self.transition = None
        self._foreach_values_source = foreach_values
        self._foreach_values = None

    def foreach_values(self):
        """The value of `self.input` for each frame of the foreach stack, outermost first."""
        if self._foreach_values is None:
            self._foreach_values = self._foreach_values_source() if self._foreach_values_source else []
        return self._foreach_values


def count_splits(value, step, var):
    """How many tasks `foreach=var` starts: the number of items iterating over the value yields
    (counted, not len(): a DataFrame's len is its rows, but iterating yields its columns)."""
    if type(value) in _SEQUENCES:
        return len(value)
    try:
        iterator = iter(value)
    except TypeError:
        raise FlowbenchError(
            f"Step '{step}': foreach='{var}' needs self.{var} to be a list (or another iterable), "
            f"but it is a {type(value).__name__}: {value!r:.80}"
        ) from None
    return sum(1 for _ in iterator)


def foreach_item(value, index):
    """The item at `index` of iterating over `value`: what `self.input` is in that split."""
    if type(value) in _SEQUENCES:
        return value[index]
    # Iteration, not value[index]: a dict splits over its keys, a Series over its values.
    return next(islice(iter(value), index, None))


def _step_name(target, step):
    func = getattr(target, "__func__", target)
    if callable(func) and getattr(func, "is_step", False):
        return func.__name__
    raise FlowbenchError(
        f"Step '{step}': self.next(...) takes steps of this flow, such as self.train; got {target!r:.80}"
    )


class FlowSpec:
    """Base class of a flow. Each `@step` method ends by calling `self.next(...)` (except `end`)."""

    def __init__(self, use_cli=True):
        # Under Metaflow, `MyFlow()` at the end of the file runs the flow from the command line.
        # Under Flowbench the engine runs the flow and the runtime builds flow objects itself
        # (`_for_task`), so creating one while the runtime imports the file does nothing.
        if type(self).__module__ == "__main__":
            print(
                f"{type(self).__name__} is a Flowbench flow: run it with `flowbench run {sys.argv[0]}`.",
                file=sys.stderr,
            )

    @classmethod
    def _for_task(cls, context):
        flow = cls.__new__(cls)
        flow.__dict__[CONTEXT] = context
        return flow

    def _flowbench_context(self):
        context = self.__dict__.get(CONTEXT)
        if context is None:
            raise FlowbenchError(
                f"{type(self).__name__} is not running as a Flowbench task; run the flow with `flowbench run`."
            )
        return context

    # -- artifacts ---------------------------------------------------------------------------

    def __getattr__(self, name):
        # Only reached when normal lookup fails: the name is not set in this step, nor a
        # method, property or parameter. It may be an artifact of an earlier task.
        context = self.__dict__.get(CONTEXT)
        if context is None or name.startswith("__"):
            raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")
        ref = context.artifacts.get(name)
        if ref is None:
            hint = ""
            if context.is_join:
                hint = (
                    " A join step starts without artifacts: read them from its inputs "
                    "(inputs[0].x, inputs.stepname.x) or copy them with self.merge_artifacts(inputs)."
                )
            raise AttributeError(
                f"{context.label} has no artifact '{name}': no earlier step set self.{name}.{hint}"
            )
        value = ref.load()
        # Cached in __dict__ like a value set by the step, so a change made in place (a list
        # appended to) is saved too; an unchanged value keeps its sha when saved.
        self.__dict__[name] = value
        context.loaded[name] = ref
        del context.artifacts[name]
        return value

    def __delattr__(self, name):
        context = self.__dict__.get(CONTEXT)
        if context is not None and name in context.artifacts:
            del context.artifacts[name]
            self.__dict__.pop(name, None)
            return
        if context is not None:
            context.loaded.pop(name, None)
        object.__delattr__(self, name)

    # -- foreach -----------------------------------------------------------------------------

    @property
    def input(self):
        """The item of the foreach variable this split works on (None outside a foreach)."""
        values = self._flowbench_context().foreach_values()
        return values[-1] if values else None

    @property
    def index(self):
        """The index of this split in the innermost foreach (None outside a foreach)."""
        frames = self._flowbench_context().frames
        return frames[-1]["index"] if frames else None

    def foreach_stack(self):
        """[(index, num_splits, value), ...] for the foreach splits this task is in, outermost first."""
        context = self._flowbench_context()
        values = context.foreach_values()
        return [(frame["index"], frame["num_splits"], value) for frame, value in zip(context.frames, values)]

    # -- transitions -------------------------------------------------------------------------

    def next(self, *targets, foreach=None, condition=None, num_parallel=None):
        """Names the step(s) that run after this one: `self.next(self.a)`, `self.next(self.a, self.b)`,
        `self.next(self.train, foreach="grid")` or `self.next({"x": self.a, "y": self.b}, condition="var")`."""
        context = self._flowbench_context()
        step = context.step
        if context.input_label is not None:
            raise FlowbenchError(f"{context.label}: self.next(...) can only be called on self, not on an input.")
        if context.transition is not None:
            raise FlowbenchError(f"Step '{step}' called self.next(...) twice; a step names its successors once.")
        if num_parallel:
            raise FlowbenchError(f"Step '{step}': num_parallel (@parallel) is not supported by Flowbench.")
        if len(targets) == 1 and isinstance(targets[0], dict):
            context.transition = self._switch_transition(targets[0], condition)
            return
        if condition is not None:
            raise FlowbenchError(
                f"Step '{step}': condition= is for a switch, written "
                f"self.next({{'case': self.a, 'other': self.b}}, condition='{condition}')."
            )
        if not targets:
            raise FlowbenchError(f"Step '{step}': self.next() needs at least one step, e.g. self.next(self.end).")
        names = [_step_name(target, step) for target in targets]
        if foreach is None:
            kind = "branch" if len(names) > 1 else "linear"
            context.transition = {"kind": kind, "targets": names}
            return
        if len(names) != 1:
            raise FlowbenchError(f"Step '{step}': a foreach goes to exactly one step, got {len(names)}.")
        if not isinstance(foreach, str):
            raise FlowbenchError(f"Step '{step}': foreach= takes the artifact's name, e.g. foreach='grid'.")
        num_splits = count_splits(getattr(self, foreach), step, foreach)
        context.transition = {"kind": "foreach", "targets": names, "foreach_var": foreach, "num_splits": num_splits}

    def _switch_transition(self, cases, condition):
        step = self._flowbench_context().step
        if not isinstance(condition, str):
            raise FlowbenchError(
                f"Step '{step}': a switch needs the artifact that picks the case, "
                f"e.g. self.next({{...}}, condition='mode')."
            )
        value = getattr(self, condition)
        try:
            case = value if value in cases else str(value)
        except TypeError:  # an unhashable value cannot be a key; compare its text
            case = str(value)
        if case not in cases:
            raise FlowbenchError(
                f"Step '{step}': self.{condition} is {value!r:.80}, which is none of the switch's "
                f"cases ({', '.join(repr(key) for key in cases)})."
            )
        return {"kind": "switch", "targets": [_step_name(cases[case], step)], "switch_case": str(case)}

    # -- joins -------------------------------------------------------------------------------

    def merge_artifacts(self, inputs, include=None, exclude=None):
        """Copies into this join the artifacts its inputs agree on (Metaflow's semantics).

        An artifact is copied when all inputs that have it hold the same value (same sha), or
        only some inputs have it. Artifacts already set in this step are left alone. A name
        whose values differ raises an error unless excluded; `include` copies only the names
        given (each must exist). Names starting with `_` are internal and never copied.
        """
        context = self._flowbench_context()
        step = context.step
        if not context.is_join:
            raise FlowbenchError(f"Step '{step}': merge_artifacts(inputs) can only be called in a join step.")
        if include and exclude:
            raise FlowbenchError(f"Step '{step}': merge_artifacts takes include= or exclude=, not both.")
        include = list(include or [])
        exclude = set(exclude or [])

        def already_set(name):
            return name in self.__dict__ or name in context.artifacts or hasattr(type(self), name)

        chosen, conflicts = {}, []
        for source in inputs:
            source_context = source._flowbench_context()
            for name, ref in {**source_context.loaded, **source_context.artifacts}.items():
                if name.startswith("_") or name in exclude or (include and name not in include):
                    continue
                if already_set(name):
                    continue
                first = chosen.setdefault(name, ref)
                if first.sha != ref.sha and name not in conflicts:
                    conflicts.append(name)
        if conflicts:
            names = ", ".join(conflicts)
            raise FlowbenchError(
                f"Step '{step}' cannot merge artifacts whose values differ between its inputs: {names}. "
                f"Set them in the join first (self.{conflicts[0]} = ...) or pass exclude=[...]."
            )
        missing = [name for name in include if name not in chosen and not already_set(name)]
        if missing:
            raise FlowbenchError(
                f"Step '{step}': merge_artifacts(include=...) names artifacts no input has: {', '.join(missing)}."
            )
        context.artifacts.update(chosen)


class Inputs:
    """The `inputs` of a join step: iterable, indexable, and `inputs.stepname` for a branch join."""

    def __init__(self, flows):
        self._flows = list(flows)

    def __iter__(self):
        return iter(self._flows)

    def __len__(self):
        return len(self._flows)

    def __getitem__(self, position):
        return self._flows[position]

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        matches = [flow for flow in self._flows if flow._flowbench_context().step == name]
        if len(matches) == 1:
            return matches[0]
        steps = sorted({flow._flowbench_context().step for flow in self._flows})
        if not matches:
            raise AttributeError(f"No input of this join comes from step '{name}'; they come from: {', '.join(steps)}.")
        raise AttributeError(
            f"{len(matches)} inputs come from step '{name}' (a foreach join): "
            f"iterate over inputs or index them (inputs[0]) instead of inputs.{name}."
        )

    def __repr__(self):
        return f"<inputs of {len(self._flows)} tasks>"
