"""Startup cost of a task: `python -c pass` vs a trivial cold task vs a task forked by a warm worker.

    /usr/bin/python3 tests/measure_startup.py [ROUNDS]

Not a unit test (timings depend on the machine); run it after changing what the task path imports.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import PYTHON, RUNTIME_DIR, flow_path, runtime_env  # noqa: E402

FLOW = flow_path("trivial_flow.py")


def write_spec(folder, number):
    spec = {
        "protocol": 1, "flow_file": FLOW, "flow_class": "TrivialFlow", "flow_name": "TrivialFlow",
        "step": "start", "run_id": "bench", "task_id": str(number), "parameters": {}, "inputs": [],
        "foreach_stack": [], "output_dir": os.path.join(folder, f"t{number}", "out"),
    }
    os.makedirs(spec["output_dir"])
    path = os.path.join(folder, f"t{number}", "SPEC.json")
    with open(path, "w") as file:
        json.dump(spec, file)
    return path


def timed(run, rounds):
    samples = []
    for number in range(rounds):
        began = time.perf_counter()
        run(number)
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples), min(samples)


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    env = runtime_env()
    with tempfile.TemporaryDirectory() as folder:
        specs = [write_spec(folder, number) for number in range(rounds * 3)]

        def bare(number):
            subprocess.run([PYTHON, "-c", "pass"], env=env, check=True)

        def cold(number):
            subprocess.run([PYTHON, "-m", "flowbench.task", specs[number]], env=env, check=True)

        worker = subprocess.Popen(
            [PYTHON, "-m", "flowbench.worker", "--preload", FLOW],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env,
        )

        def warm(number):
            request = {"id": str(number), "spec": specs[rounds + number], "stdout": os.devnull, "stderr": os.devnull}
            worker.stdin.write((json.dumps(request) + "\n").encode())
            worker.stdin.flush()
            while json.loads(worker.stdout.readline())["event"] != "exited":
                pass

        results = {
            "python -c pass": timed(bare, rounds),
            "cold task (python -m flowbench.task)": timed(cold, rounds),
            "warm task (fork from flowbench.worker)": timed(warm, rounds),
        }
        worker.stdin.close()
        worker.wait()
    print(f"{PYTHON}, runtime at {RUNTIME_DIR}, {rounds} rounds (wall time to exit)")
    for label, (median, fastest) in results.items():
        print(f"  {label:42s} median {median:6.1f} ms   min {fastest:6.1f} ms")


if __name__ == "__main__":
    main()
