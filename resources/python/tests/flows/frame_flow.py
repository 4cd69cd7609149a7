from flowbench import FlowSpec, step


class FrameFlow(FlowSpec):
    @step
    def start(self):
        import pandas as pd

        self.df = pd.DataFrame({"a": [1, 2, 3], "b": [0.5, 1.5, 2.5], "c": ["x", "y", "x"]})
        self.grouped = self.df.groupby("c")[["a"]].sum()  # its keys are the index
        self.next(self.end)

    @step
    def end(self):
        self.rows = len(self.df)
