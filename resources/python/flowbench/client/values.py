"""Artifact bytes → the Python value, as the step that stored it had it.

`json` values are parsed; `pickle` values are unpickled, which is what Metaflow's client does
too: a DataFrame comes back as a DataFrame (its exact pickled value, not the Parquet table kept
for SQL, which Debian's pandas cannot read anyway). Unpickling imports the modules that define
the classes (pandas, numpy, sklearn, ...), but never the flow's own file: rebuilding an object
of a class defined in the flow would mean running the flow's code, so that is refused with a
sentence instead.
"""

import io
import json
import pickle
import sys

from .errors import ArtifactUnavailable

# The step runtime imports a flow as `__flowbench_flow__` (flow_loader.py), so objects of
# classes defined in a flow are pickled under that name.
FLOW_MODULES = frozenset(("__flowbench_flow__", "__main__"))


def decode(data, record, what):
    """The value of an artifact whose bytes are `data` and whose record is `record`."""
    encoding = record.get("encoding")
    if encoding == "json":
        return json.loads(data)
    if encoding == "pickle":
        return _GuardedUnpickler(io.BytesIO(data), record, what).load()
    raise ArtifactUnavailable(f"{what} has an unknown encoding {encoding!r} (expected 'json' or 'pickle').")


class _GuardedUnpickler(pickle.Unpickler):
    def __init__(self, file, record, what):
        super().__init__(file)
        self.record = record
        self.what = what

    def find_class(self, module, name):
        kind = self.record.get("type", "an object")
        if module in FLOW_MODULES:
            raise ArtifactUnavailable(
                f"{self.what} ({kind}) holds an object of the class {name} defined in the flow's own file; "
                "Flowbench never runs a flow's code to read a value, so it is not rebuilt here. "
                f"Its preview: {self.record.get('preview', '(none)')}. To read it from Python, store plain values, "
                "DataFrames or objects of classes from an importable module."
            )
        try:
            return super().find_class(module, name)
        except ImportError as error:
            missing = getattr(error, "name", None) or module
            raise ArtifactUnavailable(
                f"{self.what} ({kind}) needs the module '{missing}' to be read, and this Python "
                f"({sys.executable}) cannot import it. Install it here, or read the artifact with the "
                "interpreter the flow ran with."
            ) from None
        except AttributeError:
            raise ArtifactUnavailable(
                f"{self.what} ({kind}) needs {module}.{name}, which this Python's {module} does not have "
                "(a different version from the one the flow ran with?)."
            ) from None
