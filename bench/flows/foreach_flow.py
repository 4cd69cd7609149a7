from flowbench import FlowSpec, Parameter, step


class BenchForeachFlow(FlowSpec):
    """start -> `width` trivial tasks -> join -> end. A parameter, not an environment variable,
    so that it reaches tasks in containers too (both benches pass BENCH_WIDTH as --param width)."""

    width = Parameter("width", default=200)

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
