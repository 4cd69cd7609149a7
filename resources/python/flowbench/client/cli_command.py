"""Finding the `flowbench` command, which brings pulled runs' blobs down (`flowbench fetch-blob`).

The client reads the store itself; only a blob that is not local yet needs the engine, which
knows the remotes and their credentials (the client never sees either). In order:
1. `FLOWBENCH_CLI`: a command line, e.g. `node /opt/flowbench/bin/flowbench.cjs`;
2. `flowbench` on PATH (`npm link` in a checkout, or an installed app);
3. `node <checkout>/bin/flowbench.cjs` when this package is the one inside a checkout.
"""

import os
import shlex
import shutil


def flowbench_command():
    """The command as a list of arguments, or None when no flowbench command can be found."""
    configured = os.environ.get("FLOWBENCH_CLI")
    if configured:
        return shlex.split(configured)
    on_path = shutil.which("flowbench")
    if on_path:
        return [on_path]
    # flowbench/client/cli_command.py → <checkout>/resources/python/flowbench/client
    checkout = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
    script = os.path.join(checkout, "bin", "flowbench.cjs")
    node = shutil.which("node")
    if node and os.path.isfile(script):
        return [node, script]
    return None
