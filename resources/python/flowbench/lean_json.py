"""JSON for the task path, built on the C accelerator `_json` alone.

`import json` also imports `re` for regular expressions that only its pure-Python fallback
uses; together they cost ~6 ms, a third of an interpreter's start, and a cold task only reads
one spec and writes one result. So we build the same C scanner and encoder the json module
builds, and fall back to `json` itself where `_json` is missing (other Python implementations).

`dumps` is compact, keeps non-ASCII text as is, and refuses NaN/infinity (a caller that wants
those stored must choose another encoding); `loads` accepts what `json.loads` accepts.
"""

try:
    import _json
except ImportError:  # pragma: no cover - CPython always has it
    _json = None


def _not_serializable(value):
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


class _ScannerSettings:
    """The attributes `_json.make_scanner` reads from a JSONDecoder, with json's defaults."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = {"NaN": float("nan"), "Infinity": float("inf"), "-Infinity": float("-inf")}.__getitem__


if _json is not None:
    _scan = _json.make_scanner(_ScannerSettings())
    _encode = _json.make_encoder(
        None,  # no cycle check: callers only pass trees of plain values
        _not_serializable,
        _json.encode_basestring,
        None,  # no indent
        ":",
        ",",
        False,  # keep key order
        False,  # do not skip unsupported keys
        False,  # reject NaN and infinity
    )

    _JSON_WHITESPACE = " \t\n\r"

    def loads(text):
        """Parses one JSON document (str or UTF-8 bytes)."""
        if isinstance(text, (bytes, bytearray)):
            text = text.decode("utf-8")
        text = text.strip(_JSON_WHITESPACE)
        try:
            value, end = _scan(text, 0)
        except StopIteration:
            raise ValueError("not a JSON document: expecting a value at the start") from None
        if end != len(text):
            raise ValueError(f"not a JSON document: extra data at character {end}")
        return value

    def dumps(value):
        """Compact JSON text for a tree of plain values."""
        return "".join(_encode(value, 0))

else:  # pragma: no cover
    import json as _json_module

    def loads(text):
        return _json_module.loads(text)

    def dumps(value):
        return _json_module.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
