from flowbench import FlowSpec, catch, step


class NeedsTwoArguments(Exception):
    """Pickles, but cannot be unpickled: __init__ wants two arguments."""

    def __init__(self, first, second):
        super().__init__(f"{first} and {second}")


class CatchFlow(FlowSpec):
    @catch(var="failure")
    @step
    def start(self):
        self.before = 1
        raise ValueError("boom")

    @step
    def after_next(self):
        self.next(self.end)
        raise RuntimeError("late")

    @step
    def odd_exception(self):
        raise NeedsTwoArguments("a", "b")

    @step
    def split_then_fail(self):
        self.items = [1, 2]
        raise ValueError("before the foreach")

    @step
    def no_next(self):
        self.x = 1

    @step
    def end(self):
        pass
