"""The current namespace, as in Metaflow: one tag (`user:alice`, or any tag) that a run must
carry to be seen, or None for every run. It starts as `user:<you>` and lasts for the process.

    namespace("user:alice")   # alice's runs
    namespace(None)           # everyone's
    default_namespace()       # back to mine
"""

from .settings import current_user

_UNSET = object()
_current = _UNSET


def namespace(ns):
    """Switches the current namespace to the tag `ns` (or to every run with None); returns it."""
    global _current
    if ns is not None and (not isinstance(ns, str) or not ns):
        raise ValueError(f"namespace() takes a tag such as 'user:alice', or None for every run; got {ns!r}.")
    _current = ns
    return ns


def get_namespace():
    """The current namespace: a tag, or None when every run is visible."""
    if _current is _UNSET:
        return _default()
    return _current


def default_namespace():
    """Switches back to the default namespace, `user:<you>`, and returns it."""
    global _current
    _current = _UNSET
    return _default()


def _default():
    # Inside a running task, "you" is the person whose run it is (Metaflow does the same).
    from ..current import current

    if current.is_running_flow and current.username:
        return f"user:{current.username}"
    return f"user:{current_user()}"


def in_namespace(tags, ns=_UNSET):
    """True when a run with these tags is visible in `ns` (default: the current namespace)."""
    ns = get_namespace() if ns is _UNSET else ns
    return ns is None or ns in tags
