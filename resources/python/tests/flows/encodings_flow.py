from flowbench import FlowSpec, step


class Point:
    def __init__(self, x):
        self.x = x

    def __repr__(self):
        return f"Point({self.x})"


class EncodingsFlow(FlowSpec):
    @step
    def start(self):
        self.an_int = 3
        self.a_bool = True
        self.a_float = 0.25
        self.a_str = "héllo"
        self.nothing = None
        self.a_list = [1, "two", [3.0, None], {"k": False}]
        self.nan = float("nan")
        self.infinite = float("inf")
        self.a_tuple = (1, 2)
        self.int_keys = {1: "a"}
        self.a_set = {1, 2}
        self.nested_tuple = [1, (2,)]
        self.point = Point(3)
        self.same_a = [1, 2, 3]
        self.same_b = [1, 2, 3]
        self.long_text = "x" * 1000
        self.next(self.end)

    @step
    def unpicklable(self):
        self.generator = (i for i in range(3))
        self.next(self.end)

    @step
    def end(self):
        pass
