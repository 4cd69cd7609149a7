"""`Parameter` and `JSONType`: run parameters, read-only in every step.

The engine reads parameter declarations from the flow's source, resolves every value once at
run start (given values converted to their types; defaults written as code evaluated once by
`flowbench.resolve_defaults`) and passes them in each task spec. Here a Parameter is only a
descriptor that hands a step the value for this run; the task also stores each value as an
artifact named after the class attribute, as Metaflow does.
"""

from collections import namedtuple

# What Metaflow passes to a `default=` given as a function.
ParameterContext = namedtuple(
    "ParameterContext", ["flow_name", "user_name", "parameter_name", "logger", "ds_type", "configs"]
)


class JSONType:
    """Marks a parameter whose value is JSON text on the command line (a parsed value in a step)."""

    name = "JSON"


class Parameter:
    """A run parameter: `alpha = Parameter("alpha", default=0.1, type=float)`."""

    def __init__(self, name, default=None, type=None, help=None, required=False, **kwargs):
        self.name = name
        self.default = default
        self.type = type
        self.help = help
        self.required = required
        # Metaflow options we do not interpret (show_default, separator, ...) are kept so a
        # flow using them still loads.
        self.options = kwargs
        self.attribute = name

    def __set_name__(self, owner, attribute):
        self.attribute = attribute

    def __get__(self, flow, owner=None):
        if flow is None:
            return self
        context = flow.__dict__.get("__flowbench_task__")
        if context is not None and self.name in context.parameters:
            return context.parameters[self.name]
        # A parameter the engine did not see (declared in a module the flow imports): its
        # default, evaluated here.
        return self.evaluate_default(type(flow).__name__)

    def evaluate_default(self, flow_name, user_name=None):
        """The default's value; a function is called with a ParameterContext, as in Metaflow."""
        if not callable(self.default):
            return self.default
        import sys

        context = ParameterContext(
            flow_name=flow_name,
            user_name=user_name,
            parameter_name=self.name,
            logger=lambda *args, **kwargs: print(*args, file=sys.stderr),
            ds_type="local",
            configs=None,
        )
        return self.default(context)

    def type_name(self):
        """The declared type as the engine names it (`int`, `float`, `str`, `bool`, `json`), or None."""
        kind = self.type
        if kind is JSONType or isinstance(kind, JSONType):
            return "json"
        return {int: "int", float: "float", str: "str", bool: "bool"}.get(kind)

    def __set__(self, flow, value):
        # A data descriptor wins over the instance dict, so this also keeps a parameter from
        # being shadowed by an artifact of the same name.
        raise AttributeError(
            f"Parameter '{self.name}' is read-only (self.{self.attribute} = ... is not allowed); "
            f"store a changed value under another name, e.g. self.{self.attribute}_used = ..."
        )

    def __repr__(self):
        return f"Parameter({self.name!r}, default={self.default!r})"


def flow_parameters(flow_class):
    """[(attribute, Parameter)] of a flow class, its base classes' included, each name once."""
    found = {}
    for cls in reversed(flow_class.__mro__):
        for attribute, value in vars(cls).items():
            if isinstance(value, Parameter):
                found[attribute] = value
            else:
                found.pop(attribute, None)  # a subclass replaced the parameter
    return list(found.items())
