import metaflow
from metaflow import FlowSpec, Parameter, current, step

from sibling_helper import double


class HelloFlow(metaflow.FlowSpec):
    greeting = Parameter("greeting", default="hi")

    @metaflow.retry(times=1)
    @step
    def start(self):
        self.value = double(21)
        self.runtime_module = FlowSpec.__module__
        self.greeting_seen = self.greeting
        self.pathspec = current.pathspec
        self.next(self.end)

    @step
    def end(self):
        pass


HelloFlow()

if __name__ == "__main__":
    raise SystemExit("the runtime must not run the flow file as __main__")
