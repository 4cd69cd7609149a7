from flowbench import FlowSpec, Parameter, step


class BenchForeachParamFlow(FlowSpec):
    """start -> `width` trivial tasks -> join -> end. A parameter, not an environment variable,
    so that it reaches tasks in containers too."""

    width = Parameter("width", default=100)

    @step
    def start(self):
        self.items = list(range(int(self.width)))
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
