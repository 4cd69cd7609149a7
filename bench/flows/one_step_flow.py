from flowbench import FlowSpec, step


class BenchOneStepFlow(FlowSpec):
    """The smallest flow: one trivial task (start is also the end)."""

    @step
    def start(self):
        self.next(self.end)

    @step
    def end(self):
        pass
