"""`current`: what a step can ask about the task it runs in (Metaflow's `current`)."""


class Current:
    """Filled in by the runtime before the step runs; empty (and `is_running_flow` False) at import."""

    def __init__(self):
        self.flow_name = None
        self.run_id = None
        self.step_name = None
        self.task_id = None
        self.retry_count = 0
        self.username = None
        self.tags = []
        self.origin_run_id = None
        self.is_running_flow = False

    @property
    def pathspec(self):
        """`Flow/RunId/step/TaskId`, or None outside a task."""
        if not self.is_running_flow:
            return None
        return f"{self.flow_name}/{self.run_id}/{self.step_name}/{self.task_id}"

    @property
    def namespace(self):
        return f"user:{self.username}" if self.username else None

    def _enter_task(self, spec):
        self.flow_name = spec["flow_name"]
        self.run_id = spec["run_id"]
        self.step_name = spec["step"]
        self.task_id = spec["task_id"]
        self.retry_count = spec.get("retry_count", 0)
        self.username = spec.get("username")
        self.tags = list(spec.get("tags", []))
        self.origin_run_id = spec.get("origin_run_id")  # set on a resumed run
        self.is_running_flow = True

    def __repr__(self):
        return f"<current {self.pathspec or '(not in a task)'}>"


current = Current()
