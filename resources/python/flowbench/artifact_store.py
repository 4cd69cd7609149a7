"""Artifact values ↔ bytes, and the task's content-addressed blob folder.

A value is stored as `json` when it is a plain JSON value (so the engine and the UI can read it
without Python) and as `pickle` (protocol 4) otherwise; a pandas DataFrame additionally gets a
table (Parquet, or JSON lines where this Python cannot write Parquet) that the engine can
query. Bytes are named by their sha256, so a value stored twice is stored once.

Only what a small task needs is imported up front (`_pickle`, `_sha256`: no `re`, no OpenSSL);
pandas is never imported here — a DataFrame can only exist if the flow imported it already.
"""

import os
from math import isfinite

from .errors import FlowbenchError
from .lean_json import dumps as json_dumps, loads as json_loads
from .preview import dataframe_preview, preview, type_name

try:
    import _pickle as pickle_codec
except ImportError:  # pragma: no cover - CPython always has it
    import pickle as pickle_codec

try:
    from _sha256 import sha256 as _builtin_sha256  # Python <= 3.11
except ImportError:  # pragma: no cover
    try:
        from _sha2 import sha256 as _builtin_sha256  # Python >= 3.12
    except ImportError:
        _builtin_sha256 = None

PICKLE_PROTOCOL = 4
_JSON_SCALARS = frozenset((str, int, bool, type(None)))
_FLOAT_ONLY = frozenset((float,))
_FLAT_CHECK_FROM = 16  # items; below it, building the set of types costs more than it saves
# Below this size the builtin sha256 is fast enough; above it OpenSSL's (~6x faster) is worth
# the ~4 ms that loading libcrypto through `hashlib` costs.
_LARGE_BLOB = 1 << 20


def sha256_hex(data):
    if _builtin_sha256 is not None and len(data) < _LARGE_BLOB:
        return _builtin_sha256(data).hexdigest()
    import hashlib

    return hashlib.sha256(data).hexdigest()


class BlobFolder:
    """`output_dir/blobs/<sha256>`: each distinct byte string written once, atomically."""

    def __init__(self, output_dir):
        self.path = os.path.join(output_dir, "blobs")
        self._written = set()

    def put(self, data, sha=None):
        """Stores `data` (whose sha256 the caller may already know) and returns its sha256."""
        sha = sha or sha256_hex(data)
        if sha in self._written:
            return sha
        if not self._written:
            os.makedirs(self.path, exist_ok=True)
        final = os.path.join(self.path, sha)
        temporary = f"{final}.{os.getpid()}.tmp"
        with open(temporary, "wb") as file:
            file.write(data)
        # A reader (or a killed task) never sees a half-written blob under its final name.
        os.replace(temporary, final)
        self._written.add(sha)
        return sha


class ArtifactRef:
    """An artifact of another task, as the spec lists it: its record and where its bytes are.

    The value is read only when a step asks for it; an artifact that is only passed on is
    passed on by reference (same sha, same record) without reading its bytes.
    """

    __slots__ = ("name", "entry")

    def __init__(self, name, entry):
        self.name = name
        self.entry = entry

    @property
    def sha(self):
        return self.entry["sha"]

    def load(self):
        with open(self.entry["path"], "rb") as file:
            data = file.read()
        return decode(data, self.entry["encoding"])

    def passed_on_record(self):
        """The record to list for this artifact in a task that inherits it unchanged."""
        record = {key: value for key, value in self.entry.items() if key != "path"}
        if "size" not in record:
            record["size"] = os.stat(self.entry["path"]).st_size
        return record


def decode(data, encoding):
    if encoding == "json":
        return json_loads(data)
    if encoding == "pickle":
        return pickle_codec.loads(data)
    raise FlowbenchError(f"Unknown artifact encoding '{encoding}' (expected 'json' or 'pickle').")


def is_plain_json(value):
    """True for values JSON stores exactly: None, bool, int, finite float, str, and lists/dicts
    (with str keys) of those. Exact types only: a tuple, an IntEnum or an OrderedDict would
    come back as something else, so they are pickled."""
    kind = type(value)
    if kind in _JSON_SCALARS:
        return True
    if kind is float:
        return isfinite(value)  # False for NaN too
    if kind is list:
        # Every value a task stores, and every one it read, is checked: for the usual large
        # one, a flat list of numbers or strings, gather the item types in C, not per item.
        if len(value) > _FLAT_CHECK_FROM:
            kinds = set(map(type, value))
            if kinds <= _JSON_SCALARS:
                return True
            if kinds == _FLOAT_ONLY:
                return all(map(isfinite, value))
        return all(is_plain_json(item) for item in value)
    if kind is dict:
        return all(type(key) is str and is_plain_json(item) for key, item in value.items())
    return False


def encode(value):
    """(bytes, encoding) for a value."""
    try:
        if is_plain_json(value):
            return json_dumps(value).encode("utf-8"), "json"
    except (RecursionError, UnicodeEncodeError):
        pass  # too deep for a recursive check, or a lone surrogate in a string: pickle it
    return pickle_codec.dumps(value, protocol=PICKLE_PROTOCOL), "pickle"


def _is_dataframe(value):
    kind = type(value)
    return kind.__name__ == "DataFrame" and kind.__module__.startswith("pandas")


def _same_dataframe(value, read_from):
    """True for a DataFrame equal to the one it was read as. A DataFrame's pickle changes once
    on its first unpickle/pickle round trip, so comparing bytes would store (and table) every
    DataFrame a later step merely reads."""
    if not _is_dataframe(value):
        return False
    try:
        original = read_from.load()
        return type(original) is type(value) and value.equals(original) and value.columns.equals(original.columns)
    except Exception:
        return False


def store_value(name, value, blobs, read_from=None):
    """Writes `value` into `blobs` and returns its artifact record (see the protocol).

    `read_from` is the ArtifactRef the value was read from, if it was: a value that still has
    the same bytes (or, for a DataFrame, the same content) keeps that artifact's record and is
    not written again.
    """
    try:
        data, encoding = encode(value)
    except Exception as error:
        raise FlowbenchError(
            f"Artifact '{name}' ({type_name(value)}) cannot be stored: pickling it failed with "
            f"{type(error).__name__}: {error}. Store something picklable instead, or remove it "
            f"before the step ends (del self.{name})."
        ) from error
    sha = sha256_hex(data)
    if read_from is not None and (read_from.sha == sha or _same_dataframe(value, read_from)):
        return read_from.passed_on_record()
    record = {
        "sha": blobs.put(data, sha),
        "encoding": encoding,
        "type": type_name(value),
        "size": len(data),
    }
    if _is_dataframe(value):
        record["preview"] = dataframe_preview(value)
        table = _store_table(value, blobs)
        if table is not None:
            record["table"] = table
    else:
        record["preview"] = preview(value)
        image = _store_image(value, blobs)
        if image is not None:
            record["image"] = image
    return record


_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"


def _store_image(value, blobs):
    """A picture the app shows without running Python: PNG/JPEG bytes as they are, a matplotlib
    figure saved as PNG here, in the task that made it. None for anything else (or a figure that
    cannot be drawn: the pickle still holds it)."""
    kind = type(value)
    if kind is bytes or kind is bytearray:
        mime = "image/png" if value.startswith(_PNG) else "image/jpeg" if value.startswith(_JPEG) else None
        return {"sha": blobs.put(bytes(value)), "mime": mime} if mime else None
    if kind.__name__ == "Figure" and kind.__module__.startswith("matplotlib."):
        import io

        buffer = io.BytesIO()
        try:
            value.savefig(buffer, format="png")
        except Exception:
            return None
        return {"sha": blobs.put(buffer.getvalue()), "mime": "image/png"}
    return None


# Set once this Python turns out to have no Parquet engine, so later tables skip the attempt.
_parquet_missing = False


def _store_table(frame, blobs):
    """The DataFrame as a queryable table: Parquet if this Python can write it, else JSON lines.

    The index is written as ordinary columns unless it is the default 0..n-1, so that a table
    made by `groupby(...).sum()` keeps its keys. Returns None (the pickle still holds the value)
    when the frame cannot be written as a table at all, e.g. with duplicate column names.
    """
    global _parquet_missing
    table = frame
    index = frame.index
    default_index = type(index).__name__ == "RangeIndex" and index.start == 0 and index.step == 1
    if not default_index or index.name is not None:
        try:
            table = frame.reset_index()
        except ValueError:
            table = frame  # an index level shares a column's name: keep the columns only
    data = None
    table_format = "parquet"
    if not _parquet_missing:
        import io

        buffer = io.BytesIO()
        try:
            table.to_parquet(buffer, index=False)
            data = buffer.getvalue()
        except ImportError:
            _parquet_missing = True
        except Exception:
            pass  # e.g. non-string column names or mixed-type object columns: try JSON lines
    if data is None:
        table_format = "jsonl"
        try:
            data = table.to_json(orient="records", lines=True, date_format="iso").encode("utf-8")
        except Exception:
            return None
    return {
        "sha": blobs.put(data),
        "format": table_format,
        "rows": int(len(table)),
        "size": len(data),
        "columns": [{"name": str(column), "dtype": str(dtype)} for column, dtype in table.dtypes.items()],
    }
