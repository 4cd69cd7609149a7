"""Where a forked task's CPU goes: the step runtime's own work against what forking it costs.

    python3 bench/fork-anatomy.py RUNTIME_PATH N

With the runtime and bench/flows/one_step_flow.py imported (as the warm worker has them), runs
the `start` task of that flow N times three ways, and prints the CPU time and minor page faults
per task of each, as JSON:
  - in_process: run_task called in this interpreter, no fork (the runtime's Python work);
  - bare_fork:  a forked child that only exits (the fork, the child's first page touches, exit);
  - forked:     a forked child that runs the task, as the warm worker does;
  - forked_two_at_once: the same, two children at a time (as with two workers on two cores).
forked - bare_fork - in_process is what the task's page touches cost in a child: each write to a
page the child shares with its parent copies the page (a copy-on-write fault), and a fault costs
far more on a virtual machine than on bare metal. `bench:local` prints these beside its figures.
"""

import json
import os
import resource
import shutil
import sys
import tempfile
import time

sys.path.insert(0, sys.argv[1])
count = int(sys.argv[2])
flow_file = os.path.join(os.path.dirname(os.path.abspath(__file__)), "flows", "one_step_flow.py")

from flowbench.flow_loader import install_metaflow_shim, load_flow_module  # noqa: E402
from flowbench.task import run_task  # noqa: E402

install_metaflow_shim()
load_flow_module(flow_file)
folder = tempfile.mkdtemp(prefix="flowbench-fork-anatomy-")


def spec_file(index):
    """A task spec as the engine writes one (docs/task-protocol.md): step `start`, no inputs."""
    task_dir = os.path.join(folder, str(index))
    os.makedirs(os.path.join(task_dir, "out"))
    spec = {
        "protocol": 1, "flow_file": flow_file, "flow_class": "BenchOneStepFlow", "flow_name": "BenchOneStepFlow",
        "step": "start", "run_id": "anatomy", "task_id": str(index + 1), "retry_count": 0,
        "max_user_code_retries": 0, "username": "bench", "tags": [], "parameters": {}, "inputs": [],
        "foreach_stack": [], "static_transition": {"kind": "linear", "targets": ["end"]}, "environment": {},
        "output_dir": os.path.join(task_dir, "out"),
    }
    path = os.path.join(task_dir, "spec.json")
    with open(path, "w") as file:
        json.dump(spec, file)
    return path


def usage():
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    return cpu * 1000, own.ru_minflt + children.ru_minflt


def measure(label, run_one):
    specs = [spec_file(index + count * len(results)) for index in range(count)]
    started = time.perf_counter()
    cpu_before, faults_before = usage()
    for spec in specs:
        run_one(spec)
    cpu_after, faults_after = usage()
    results[label] = {
        "cpu_ms": (cpu_after - cpu_before) / count,
        "faults": (faults_after - faults_before) / count,
        "wall_ms": (time.perf_counter() - started) * 1000 / count,
    }


def in_child(work):
    def run_one(spec):
        pid = os.fork()
        if pid == 0:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os._exit(work(spec))
        os.waitpid(pid, 0)

    return run_one


def two_at_once(work):
    def run_pair(specs):
        pids = []
        for spec in specs:
            pid = os.fork()
            if pid == 0:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, 1)
                os._exit(work(spec))
            pids.append(pid)
        for pid in pids:
            os.waitpid(pid, 0)

    return run_pair


def measure_pairs(label, run_pair):
    specs = [spec_file(index + count * len(results)) for index in range(count)]
    started = time.perf_counter()
    cpu_before, faults_before = usage()
    for index in range(0, count, 2):
        run_pair(specs[index : index + 2])
    cpu_after, faults_after = usage()
    results[label] = {
        "cpu_ms": (cpu_after - cpu_before) / count,
        "faults": (faults_after - faults_before) / count,
        "wall_ms": (time.perf_counter() - started) * 1000 / count,
    }


results = {}
run_task(spec_file(-1 - count))  # warm: the first call imports what a task imports lazily
measure("in_process", run_task)
measure("bare_fork", in_child(lambda spec: 0))
measure("forked", in_child(run_task))
measure_pairs("forked_two_at_once", two_at_once(run_task))
shutil.rmtree(folder)
print(json.dumps(results))
