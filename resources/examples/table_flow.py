"""Tables: a pandas DataFrame saved as `self.x` becomes a table you can read back with
`flowbench artifact TableFlow/<run>/clean df`. Needs pandas in the step's Python."""
from flowbench import FlowSpec, step


class TableFlow(FlowSpec):
    @step
    def start(self):
        import pandas as pd

        self.raw = pd.DataFrame({"city": ["Oslo", "Lima", "Pune", "Oslo"], "temp": [3.5, 19.0, 31.2, None]})
        self.next(self.clean)

    @step
    def clean(self):
        self.df = self.raw.dropna()
        self.mean_temp = float(self.df["temp"].mean())
        self.next(self.end)

    @step
    def end(self):
        print("mean temperature:", self.mean_temp)
