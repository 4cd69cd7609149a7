"""A first flow: fan out over a few numbers, score each, keep the best.

    npx flowbench run resources/examples/hello_flow.py --param alpha=0.3
"""
from flowbench import FlowSpec, Parameter, step


class HelloFlow(FlowSpec):
    alpha = Parameter("alpha", default=0.5, help="how much each number counts")

    @step
    def start(self):
        """Decide what to try."""
        self.grid = [1, 2, 3, 4]
        self.next(self.score, foreach="grid")

    @step
    def score(self):
        """Score one candidate (runs once per item of the grid, in parallel)."""
        self.value = self.input * self.alpha
        print(f"candidate {self.input} scores {self.value}")
        self.next(self.pick)

    @step
    def pick(self, inputs):
        """Keep the best candidate."""
        self.best = max(i.value for i in inputs)
        self.next(self.end)

    @step
    def end(self):
        print("best score:", self.best)
