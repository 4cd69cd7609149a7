"""The floor of a forked task: a warm interpreter (the step runtime imported) forks a child that
writes one small artifact atomically (temp + rename) and exits; the parent waits. Prints the
median wall time per fork and the CPU time per fork of parent and children, in ms, as JSON.

    python3 bench/fork-floor.py RUNTIME_PATH N
"""

import json
import os
import resource
import shutil
import sys
import tempfile
import time

sys.path.insert(0, sys.argv[1])
import flowbench.task  # noqa: E402,F401  (what a warm worker has imported)

count = int(sys.argv[2])
folder = tempfile.mkdtemp(prefix="flowbench-fork-floor-")
walls = []
started = resource.getrusage(resource.RUSAGE_SELF)
for index in range(count):
    begin = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        path = os.path.join(folder, str(index))
        with open(path + ".tmp", "wb") as file:
            file.write(b"[%d]" % index)
        os.replace(path + ".tmp", path)
        os._exit(0)
    os.waitpid(pid, 0)
    walls.append((time.perf_counter() - begin) * 1000)
own = resource.getrusage(resource.RUSAGE_SELF)
children = resource.getrusage(resource.RUSAGE_CHILDREN)
shutil.rmtree(folder)
cpu = (own.ru_utime - started.ru_utime + own.ru_stime - started.ru_stime + children.ru_utime + children.ru_stime) * 1000
print(json.dumps({"wall_ms": sorted(walls)[count // 2], "cpu_ms": cpu / count}))
