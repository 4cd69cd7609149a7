import { invalidNameReason } from './python-format.js';

export const FlowTemplate = { empty: 'empty', branch: 'branch', foreach: 'foreach', pandas: 'pandas' } as const;
export type FlowTemplate = (typeof FlowTemplate)[keyof typeof FlowTemplate];

const HEADER = 'from flowbench import FlowSpec, Parameter, step';

function footer(flowName: string): string {
  return `\n\nif __name__ == "__main__":\n    ${flowName}()\n`;
}

const BODIES: Record<FlowTemplate, (flowName: string) => string> = {
  empty: (flowName) => `from flowbench import FlowSpec, step


class ${flowName}(FlowSpec):
    """A new flow: add steps from the palette, or write them here."""

    @step
    def start(self):
        self.next(self.end)

    @step
    def end(self):
        pass
`,
  branch: (flowName) => `from flowbench import FlowSpec, step


class ${flowName}(FlowSpec):
    """Two steps run side by side, then meet in a join."""

    @step
    def start(self):
        self.numbers = [3, 1, 2]
        self.next(self.a, self.b)

    @step
    def a(self):
        self.result = sum(self.numbers)
        self.next(self.join)

    @step
    def b(self):
        self.result = max(self.numbers)
        self.next(self.join)

    @step
    def join(self, inputs):
        self.results = {"sum": inputs.a.result, "max": inputs.b.result}
        self.next(self.end)

    @step
    def end(self):
        print("results:", self.results)
`,
  foreach: (flowName) => `${HEADER}


class ${flowName}(FlowSpec):
    """One task per item, in parallel; the join collects their results."""

    count = Parameter("count", default=3, help="How many items to process")

    @step
    def start(self):
        self.items = list(range(self.count))
        self.next(self.process, foreach="items")

    @step
    def process(self):
        self.square = self.input * self.input
        self.next(self.join)

    @step
    def join(self, inputs):
        self.squares = [i.square for i in inputs]
        self.next(self.end)

    @step
    def end(self):
        print("squares:", self.squares)
`,
  pandas: (flowName) => `${HEADER}


class ${flowName}(FlowSpec):
    """Load a table with pandas, fit a model, report the score.

    Uses scikit-learn when it is installed, else a least-squares line with pandas alone.
    """

    rows = Parameter("rows", default=200, help="How many rows of synthetic data")

    @step
    def start(self):
        import pandas as pd

        xs = [i / 10 for i in range(self.rows)]
        self.data = pd.DataFrame({"x": xs, "y": [3 * x + 1 + ((i * 7) % 5 - 2) / 10 for i, x in enumerate(xs)]})
        self.next(self.train)

    @step
    def train(self):
        try:
            from sklearn.linear_model import LinearRegression
        except ImportError:
            LinearRegression = None
        if LinearRegression is not None:
            model = LinearRegression().fit(self.data[["x"]], self.data["y"])
            self.slope, self.intercept = float(model.coef_[0]), float(model.intercept_)
            self.method = "scikit-learn"
        else:
            x, y = self.data["x"], self.data["y"]
            self.slope = float(((x - x.mean()) * (y - y.mean())).sum() / ((x - x.mean()) ** 2).sum())
            self.intercept = float(y.mean() - self.slope * x.mean())
            self.method = "pandas"
        self.next(self.evaluate)

    @step
    def evaluate(self):
        predicted = self.slope * self.data["x"] + self.intercept
        residual = ((self.data["y"] - predicted) ** 2).sum()
        total = ((self.data["y"] - self.data["y"].mean()) ** 2).sum()
        self.r2 = float(1 - residual / total)
        self.next(self.end)

    @step
    def end(self):
        print(f"{self.method}: y = {self.slope:.3f} x + {self.intercept:.3f}, r2 = {self.r2:.4f}")
`,
};

/**
 * The source of a new flow file. `flowName` must be a Python identifier (a class name such as
 * `TrainFlow`); an invalid one throws, since the caller validates what the person typed.
 *
 * @example
 * writeFileSync('train_flow.py', newFlowSource('foreach', 'TrainFlow'));
 */
export function newFlowSource(template: FlowTemplate, flowName: string): string {
  const invalid = invalidNameReason(flowName, 'flow');
  if (invalid) throw new Error(invalid);
  return BODIES[template](flowName) + footer(flowName);
}
