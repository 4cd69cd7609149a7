import os
import subprocess
import sys
import time

from metaflow import FlowSpec, step

print("worker_flow imported")  # must not end up among the worker's events


class WorkerFlow(FlowSpec):
    @step
    def start(self):
        print(f"hello from {os.getpid()}")
        print("to stderr", file=sys.stderr)
        self.pid = os.getpid()
        self.next(self.end)

    @step
    def slow(self):
        print("sleeping")
        time.sleep(30)
        self.next(self.end)

    @step
    def spawns(self):
        helper = subprocess.Popen(["sleep", "300"])
        print(f"pids {os.getpid()} {helper.pid}", flush=True)
        time.sleep(300)
        self.next(self.end)

    @step
    def imports(self):
        print(" ".join(name for name in ("hashlib", "traceback") if name in sys.modules))
        self.next(self.end)

    @step
    def fails(self):
        raise RuntimeError("fails in the worker")

    @step
    def end(self):
        pass


if __name__ == "__main__":
    WorkerFlow()
