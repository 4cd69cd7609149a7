import os

from flowbench import FlowSpec, step


class BenchForeachFlow(FlowSpec):
    """start -> N trivial tasks (N from BENCH_WIDTH, default 200) -> join -> end."""

    @step
    def start(self):
        self.items = list(range(int(os.environ.get("BENCH_WIDTH", "200"))))
        self.next(self.work, foreach="items")

    @step
    def work(self):
        self.next(self.join)

    @step
    def join(self, inputs):
        self.next(self.end)

    @step
    def end(self):
        pass
