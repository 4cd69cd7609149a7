from metaflow import FlowSpec, step


class Linear5MfFlow(FlowSpec):
    """Five trivial steps, written for Metaflow: bench/compare-metaflow.mjs runs this very file
    with Metaflow and with Flowbench (which provides `metaflow` to the flows it runs)."""

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


if __name__ == "__main__":
    Linear5MfFlow()
