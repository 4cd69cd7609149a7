"""An artifact's bytes: from the local store, or fetched through `flowbench fetch-blob` for a
teammate's run whose records were pulled before its blobs. Either way the bytes are checked
against their digest before anyone uses them.
"""

import os

from .errors import ArtifactUnavailable

# hashlib, subprocess and the command lookup are imported when first needed: a notebook that
# only lists runs never pays for them.

NO_COMMAND = (
    "no flowbench command was found to fetch it: set FLOWBENCH_CLI to one "
    "(e.g. 'node /path/to/flowbench/bin/flowbench.mjs') or put flowbench on PATH (npm link in the checkout)"
)


def read_blob(store, sha, what):
    """The bytes of blob `sha`; `what` names the artifact in error messages."""
    path = store.blob_path(sha)
    if not os.path.exists(path):
        path = fetch_blob(store, sha, what)
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError as error:
        raise ArtifactUnavailable(f"{what}: blob {sha} cannot be read from {path} ({error.strerror}).") from None
    import hashlib

    if hashlib.sha256(data).hexdigest() != sha:
        raise ArtifactUnavailable(
            f"{what}: blob {sha} at {path} is corrupt (its content no longer matches its digest). "
            "If the run came from a remote, delete the file and it is fetched again when read."
        )
    return data


def fetch_blob(store, sha, what):
    """Asks the engine to make blob `sha` local; returns the path it prints."""
    import subprocess

    from . import cli_command

    command = cli_command.flowbench_command()
    missing = f"{what}: blob {sha} is not in the store at {store.root}"
    if command is None:
        raise ArtifactUnavailable(f"{missing}, and {NO_COMMAND}.")
    env = dict(os.environ, FLOWBENCH_HOME=store.root)
    shown = " ".join(command + ["fetch-blob", sha])
    try:
        done = subprocess.run(command + ["fetch-blob", sha], env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    except OSError as error:
        raise ArtifactUnavailable(f"{missing}, and `{shown}` could not start ({error.strerror}).") from None
    if done.returncode != 0:
        reason = last_line(done.stderr) or last_line(done.stdout) or f"exit code {done.returncode}"
        raise ArtifactUnavailable(f"{missing}, and `{shown}` failed: {reason}")
    printed = last_line(done.stdout)
    if not printed or not os.path.isfile(printed):
        raise ArtifactUnavailable(f"{missing}, and `{shown}` printed no file ({printed!r}).")
    return printed


def last_line(text):
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return lines[-1] if lines else ""
