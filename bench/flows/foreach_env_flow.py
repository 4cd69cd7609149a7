from flowbench import FlowSpec, Parameter, environment, step


class BenchForeachEnvFlow(FlowSpec):
    """bench/flows/foreach_flow.py with @environment on the foreach task: in a container such a
    task runs by an exec of its own (its variables must be set before the flow's imports), which
    is how every container task ran before the warm worker (docs/speed.md, "Docker")."""

    width = Parameter("width", default=200)

    @step
    def start(self):
        self.items = list(range(int(self.width)))
        self.next(self.work, foreach="items")

    @environment(vars={"BENCH": "1"})
    @step
    def work(self):
        self.next(self.join)

    @step
    def join(self, inputs):
        self.next(self.end)

    @step
    def end(self):
        pass
