from flowbench import FlowSpec, step


class BranchFlow(FlowSpec):
    @step
    def start(self):
        self.shared = "same everywhere"
        self.conflict = 0
        self.next(self.a, self.b)

    @step
    def a(self):
        self.conflict = 1
        self.only_a = "A"
        self.next(self.join)

    @step
    def b(self):
        self.conflict = 2
        self.next(self.join)

    @step
    def join(self, inputs):
        self.count = len(inputs)
        self.conflicts_seen = [task.conflict for task in inputs]
        self.first = inputs[0].conflict
        self.from_b = inputs.b.conflict
        try:
            self.shared
        except AttributeError as error:
            self.missing_message = str(error)
        try:
            inputs.nowhere
        except AttributeError as error:
            self.unknown_step_message = str(error)
        self.merge_artifacts(inputs, exclude=["conflict"])
        self.next(self.end)

    @step
    def join_conflict(self, inputs):
        self.merge_artifacts(inputs)
        self.next(self.end)

    @step
    def join_preset(self, inputs):
        self.conflict = 99
        self.merge_artifacts(inputs)
        self.next(self.end)

    @step
    def join_include(self, inputs):
        self.merge_artifacts(inputs, include=["only_a"])
        self.next(self.end)

    @step
    def join_both(self, inputs):
        self.merge_artifacts(inputs, include=["only_a"], exclude=["conflict"])
        self.next(self.end)

    @step
    def end(self):
        self.shared_at_end = self.shared
