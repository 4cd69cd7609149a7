from flowbench import FlowSpec, step


class Linear5Flow(FlowSpec):
    @step
    def start(self):
        self.next(self.a)

    @step
    def a(self):
        self.next(self.b)

    @step
    def b(self):
        self.next(self.c)

    @step
    def c(self):
        self.next(self.end)

    @step
    def end(self):
        pass
