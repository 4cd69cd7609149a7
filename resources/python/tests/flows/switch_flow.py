from flowbench import FlowSpec, Parameter, step


class SwitchFlow(FlowSpec):
    mode = Parameter("mode", default="fast")

    @step
    def start(self):
        self.choice = self.mode
        self.next({"fast": self.fast, "slow": self.slow}, condition="choice")

    @step
    def numeric(self):
        self.level = 2
        self.next({"1": self.fast, "2": self.slow}, condition="level")

    @step
    def fast(self):
        self.next(self.end)

    @step
    def slow(self):
        self.next(self.end)

    @step
    def end(self):
        pass
