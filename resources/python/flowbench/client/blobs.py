"""An artifact's bytes: from the local store, or fetched through `flowbench fetch-blob` for a
teammate's run whose records were pulled before its blobs. Either way the bytes are checked
against their digest before anyone uses them.

Starting `flowbench` costs far more than a small download, so a read that knows it will soon
need other blobs (the same artifact of the other tasks of a foreach, while a notebook iterates
the step) asks for all of them in one `fetch-blob` call.
"""

import os

from .errors import ArtifactUnavailable

# hashlib, subprocess and the command lookup are imported when first needed: a notebook that
# only lists runs never pays for them.

NO_COMMAND = (
    "no flowbench command was found to fetch it: set FLOWBENCH_CLI to one "
    "(e.g. 'node /path/to/flowbench/bin/flowbench.cjs') or put flowbench on PATH (npm link in the checkout)"
)

# At most this many digests in one command line (far below any OS's argument limit).
MAX_BATCH = 256


def read_blob(store, sha, what, companions=None):
    """The bytes of blob `sha`; `what` names the artifact in error messages. `companions`, when
    given, is called only if `sha` must be fetched: it returns digests worth fetching with it."""
    path = store.blob_path(sha)
    if not os.path.exists(path):
        wanted = [sha]
        if companions is not None:
            wanted += [other for other in companions() if other != sha][: MAX_BATCH - 1]
        path = fetch_blobs(store, wanted, what)
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


def fetch_blobs(store, shas, what):
    """Asks the engine to make blobs `shas` local in one call; returns the path of the first.
    A companion that fails does not fail this read: it is reported when it is read itself."""
    if len(shas) > 1:
        try:
            fetch_blob(store, shas, what)
        except ArtifactUnavailable:
            pass  # see which failed: asking for the first alone gives its own reason
        path = store.blob_path(shas[0])
        if os.path.isfile(path):
            return path
    return fetch_blob(store, shas[:1], what)


def fetch_blob(store, shas, what):
    """Runs `flowbench fetch-blob SHA...`; returns the path it prints for the first digest."""
    import subprocess

    from . import cli_command

    command = cli_command.flowbench_command()
    missing = f"{what}: blob {shas[0]} is not in the store at {store.root}"
    if command is None:
        raise ArtifactUnavailable(f"{missing}, and {NO_COMMAND}.")
    env = dict(os.environ, FLOWBENCH_HOME=store.root)
    arguments = command + ["fetch-blob", *shas]
    shown = " ".join(arguments)
    try:
        done = subprocess.run(arguments, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    except OSError as error:
        raise ArtifactUnavailable(f"{missing}, and `{shown}` could not start ({error.strerror}).") from None
    if done.returncode != 0:
        reason = last_line(done.stderr) or last_line(done.stdout) or f"exit code {done.returncode}"
        raise ArtifactUnavailable(f"{missing}, and `{shown}` failed: {reason}")
    printed = [line.strip() for line in done.stdout.splitlines() if line.strip()]
    first = printed[-len(shas)] if len(printed) >= len(shas) else ""
    if not first or not os.path.isfile(first):
        raise ArtifactUnavailable(f"{missing}, and `{shown}` printed no file ({first!r}).")
    return first


def last_line(text):
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return lines[-1] if lines else ""
