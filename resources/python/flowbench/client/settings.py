"""Where the store is and who is looking: the same rules as the engine's config (engine/config).

Read on every call rather than at import, so a notebook can set `os.environ["FLOWBENCH_HOME"]`
and go on without re-importing anything.
"""

import json
import os

from .errors import StoreCorrupt


def store_root():
    """`FLOWBENCH_HOME`, default `~/.flowbench` (absolute, as the engine resolves it)."""
    home = os.environ.get("FLOWBENCH_HOME") or os.path.join(os.path.expanduser("~"), ".flowbench")
    return os.path.abspath(home)


def current_user():
    """`FLOWBENCH_USER`, else `"user"` in `$FLOWBENCH_HOME/config.json`, else the OS user."""
    return os.environ.get("FLOWBENCH_USER") or _config_user() or _os_user()


def _config_user():
    path = os.path.join(store_root(), "config.json")
    try:
        with open(path, encoding="utf-8") as file:
            config = json.load(file)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise StoreCorrupt(f"{path} is not valid JSON ({error}). Fix or remove it.") from None
    user = config.get("user") if isinstance(config, dict) else None
    return user if isinstance(user, str) and user else None


def _os_user():
    # The engine asks getpwuid (Node's os.userInfo), not $USER: do the same so both agree.
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name or "unknown"
    except (ImportError, KeyError, AttributeError):
        import getpass

        try:
            return getpass.getuser() or "unknown"
        except Exception:
            return "unknown"
