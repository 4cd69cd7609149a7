"""Short descriptions of artifact values: their type name and a bounded preview.

Both are computed for every artifact a task stores, so they must stay cheap on huge values:
the preview walks containers only until it has enough characters (`repr` of a million-element
list would build the whole string first; `reprlib` sorts whole dicts).
"""

import sys

from .flow_loader import FLOW_MODULE

PREVIEW_LIMIT = 200
_MAX_DEPTH = 4


def type_name(value):
    """The name of the value's class, as `class_name` spells it."""
    return class_name(type(value))


def class_name(cls):
    """`int`, `pandas.DataFrame`, `sklearn.linear_model.Ridge`, `Model` (a class of the flow file).

    The shortest importable spelling is preferred over the defining module
    (`pandas.core.frame.DataFrame` is `pandas.DataFrame` to its users), and classes of the flow
    file go without the module name the runtime imports it under.
    """
    module, qualname = cls.__module__, cls.__qualname__
    if module in ("builtins", FLOW_MODULE):
        return qualname
    if "." in module and "." not in qualname:
        parts = module.split(".")
        for length in range(1, len(parts)):
            package = sys.modules.get(".".join(parts[:length]))
            if package is not None and getattr(package, qualname, None) is cls:
                return f"{'.'.join(parts[:length])}.{qualname}"
    return f"{module}.{qualname}"


class _PreviewFull(Exception):
    """Raised inside the walk once the preview has all the characters it can show."""


def preview(value, limit=PREVIEW_LIMIT):
    """`repr(value)` cut to at most `limit` characters, without building the full repr."""
    parts = []
    room = [limit + 1]  # one more than fits, so we know when to add the ellipsis

    def emit(text):
        parts.append(text)
        room[0] -= len(text)
        if room[0] <= 0:
            raise _PreviewFull

    def walk(item, depth):
        kind = type(item)
        if kind in (str, bytes, bytearray):
            emit(repr(item[: room[0]]) if len(item) > room[0] else repr(item))
        elif depth >= _MAX_DEPTH or kind not in (list, tuple, dict, set, frozenset):
            emit(repr(item))
        elif kind is dict:
            emit("{")
            for position, (key, element) in enumerate(item.items()):
                emit(", " if position else "")
                walk(key, depth + 1)
                emit(": ")
                walk(element, depth + 1)
            emit("}")
        elif not item and kind in (set, frozenset):
            emit(f"{kind.__name__}()")
        else:
            opening, closing = {list: "[]", tuple: "()", set: "{}", frozenset: "{}"}[kind]
            emit(opening if kind is not frozenset else "frozenset({")
            for position, element in enumerate(item):
                emit(", " if position else "")
                walk(element, depth + 1)
            emit("," if kind is tuple and len(item) == 1 else "")
            emit(closing if kind is not frozenset else "})")

    try:
        walk(value, 0)
    except _PreviewFull:
        pass
    except Exception as error:  # a user's __repr__ may raise; the artifact is still stored
        return f"<{type_name(value)}: repr failed: {type(error).__name__}>"[:limit]
    text = "".join(parts)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def dataframe_preview(frame, limit=PREVIEW_LIMIT):
    """`DataFrame 100 rows × 3 columns: a int64, b float64, c object`, cut to `limit`."""
    rows, columns = frame.shape
    described = ", ".join(f"{name} {dtype}" for name, dtype in frame.dtypes.items())
    text = f"DataFrame {rows} rows × {columns} columns: {described}"
    return text if len(text) <= limit else text[: limit - 1] + "…"
