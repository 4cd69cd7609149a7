from flowbench import FlowSpec, step


class BenchOneStepFlow(FlowSpec):
    """The smallest flow: two trivial tasks, start and end."""

    @step
    def start(self):
        self.next(self.end)

    @step
    def end(self):
        pass
