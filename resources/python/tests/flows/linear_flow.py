import os
import sys

from flowbench import JSONType, FlowSpec, Parameter, card, current, resources, retry, step


class LinearFlow(FlowSpec):
    alpha = Parameter("alpha", default=0.5, type=float)
    config = Parameter("config", type=JSONType, default="{}")
    learning_rate = Parameter("learning-rate", default=0.01)

    @card
    @retry(times=2)
    @resources(cpu=2)
    @step
    def start(self):
        self.numbers = list(range(10))
        self.untouched = {"kept": "by reference"}
        self.label = "first"
        self.seen_current = {
            "flow_name": current.flow_name,
            "run_id": current.run_id,
            "step_name": current.step_name,
            "task_id": current.task_id,
            "retry_count": current.retry_count,
            "username": current.username,
            "tags": current.tags,
            "pathspec": current.pathspec,
            "origin_run_id": current.origin_run_id,
            "is_running_flow": current.is_running_flow,
        }
        self.seen_parameters = [self.alpha, self.config, self.learning_rate]
        self.seen_environment = os.environ.get("FLOWBENCH_TEST_VARIABLE")
        self.decorators_recorded = [name for name, _ in LinearFlow.start.__flowbench_decorators__]
        print("start ran")
        self.next(self.middle)

    @step
    def middle(self):
        self.total = sum(self.numbers)  # read, left unchanged: keeps its sha
        self.label = "second"  # replaced
        try:
            self.never_set
        except AttributeError as error:
            self.missing_message = str(error)
        self.next(self.end)

    @step
    def end(self):
        self.numbers.append(10)  # changed in place: stored again, like Metaflow
        self.pandas_imported = "pandas" in sys.modules

    @step
    def set_parameter(self):
        self.alpha = 3
        self.next(self.end)

    @step
    def delete_inherited(self):
        del self.label
        self.next(self.end)
