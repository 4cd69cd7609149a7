from metaflow import FlowSpec, Parameter, step


class ForeachMfFlow(FlowSpec):
    """start -> `width` trivial tasks -> a join that reads each -> end, written for Metaflow."""

    width = Parameter("width", default=50)

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
        self.next(self.end)

    @step
    def end(self):
        pass


if __name__ == "__main__":
    ForeachMfFlow()
