from flowbench import FlowSpec, Parameter, step


class BenchForeachJoinFlow(FlowSpec):
    """start -> `width` trivial tasks, each storing one number -> a join that reads every one of
    them -> end. bench/foreach-scale.mjs runs it at 1,000 and 10,000."""

    width = Parameter("width", default=1000)

    @step
    def start(self):
        self.items = list(range(int(self.width)))
        self.next(self.work, foreach="items")

    @step
    def work(self):
        self.value = self.input
        self.next(self.join)

    @step
    def join(self, inputs):
        self.total = sum(task.value for task in inputs)
        self.count = len(inputs)
        self.next(self.end)

    @step
    def end(self):
        assert self.total == sum(range(int(self.width))), self.total
        assert self.count == int(self.width), self.count
