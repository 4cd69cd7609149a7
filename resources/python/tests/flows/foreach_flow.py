from flowbench import FlowSpec, step


class ForeachFlow(FlowSpec):
    @step
    def start(self):
        self.grid = ["a", "b", "c"]
        self.next(self.outer, foreach="grid")

    @step
    def outer(self):
        self.letter = self.input
        self.outer_index = self.index
        self.inner_items = [1, 2]
        self.next(self.inner, foreach="inner_items")

    @step
    def inner(self):
        self.pair = [self.letter, self.input]
        self.stack = [list(frame) for frame in self.foreach_stack()]
        self.next(self.after_inner)

    @step
    def after_inner(self):
        self.input_later = self.input
        self.index_later = self.index
        self.next(self.inner_join)

    @step
    def inner_join(self, inputs):
        self.pairs = [task.pair for task in inputs]
        self.input_here = self.input
        self.input_indexes = [task.index for task in inputs]
        self.input_values = [task.input for task in inputs]
        try:
            inputs.after_inner
        except AttributeError as error:
            self.ambiguous_message = str(error)
        self.next(self.outer_join)

    @step
    def outer_join(self, inputs):
        self.all_pairs = [pair for task in inputs for pair in task.pairs]
        self.input_here = self.input
        self.next(self.end)

    @step
    def end(self):
        pass

    @step
    def over_dict(self):
        self.options = {"x": 1, "y": 2}
        self.next(self.take_key, foreach="options")

    @step
    def take_key(self):
        self.key = self.input
        self.next(self.end)

    @step
    def not_iterable(self):
        self.count = 5
        self.next(self.outer, foreach="count")
