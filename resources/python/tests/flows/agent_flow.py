import os
import sys

from metaflow import FlowSpec, Parameter, step


class AgentFlow(FlowSpec):
    """Tasks for the container agent's test (test_container_agent.py)."""

    out_dir = Parameter("out_dir", default="")

    @step
    def start(self):
        print("to stdout")
        print("to stderr", file=sys.stderr)
        with open(self.input_path, encoding="utf-8") as file:
            self.given = file.read()
        # The working folder is emptied after each task: what an earlier task left is gone.
        self.found_in_cwd = sorted(os.listdir("."))
        with open("left-behind.txt", "w", encoding="utf-8") as file:
            file.write("x")
        self.next(self.end)

    @step
    def links(self):
        # What a task may leave in out/ besides its outputs: only regular files go back.
        os.symlink("/etc/passwd", os.path.join(self.out_dir, "escape"))
        os.makedirs(os.path.join(self.out_dir, "sub"))
        with open(os.path.join(self.out_dir, "sub", "kept.txt"), "w", encoding="utf-8") as file:
            file.write("kept")
        self.next(self.end)

    @step
    def end(self):
        pass

    @property
    def input_path(self):
        return os.path.join(os.path.dirname(self.out_dir), "in", "given.txt")
