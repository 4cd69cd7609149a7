"""`Parameter` and `JSONType`: run parameters, read-only in every step.

The engine reads parameter declarations from the flow's source, converts the values given on
the command line (a `JSONType` value arrives already parsed), and passes them in the task spec.
Here a Parameter is only a descriptor that hands a step the value for this run.
"""


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
        return self.default

    def __set__(self, flow, value):
        # A data descriptor wins over the instance dict, so this also keeps a parameter from
        # being shadowed by an artifact of the same name.
        raise AttributeError(
            f"Parameter '{self.name}' is read-only (self.{self.attribute} = ... is not allowed); "
            f"store a changed value under another name, e.g. self.{self.attribute}_used = ..."
        )

    def __repr__(self):
        return f"Parameter({self.name!r}, default={self.default!r})"
