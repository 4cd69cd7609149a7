"""`Step('Flow/RunId/step')`: the tasks one step ran (one, or one per foreach item)."""

from .errors import MetaflowNotFound
from .store import TASK_ID, parse_pathspec


class Step:
    def __init__(self, pathspec, _namespace_check=True, _run=None):
        from .run import Run

        flow, run_id, self.id = parse_pathspec(pathspec, 3)
        self._run = _run or Run(f"{flow}/{run_id}", _namespace_check=_namespace_check)
        self._store = self._run._store
        if not self._task_ids():
            raise MetaflowNotFound(f"Step {pathspec} did not run (steps of the run: {', '.join(self._store.steps(flow, run_id)) or 'none'}).")

    def _task_ids(self):
        return self._store.task_ids(self._run._flow, self._run.id, self.id)

    @property
    def pathspec(self):
        return f"{self._run.pathspec}/{self.id}"

    @property
    def parent(self):
        return self._run

    @property
    def tags(self):
        return self._run.tags

    def tasks(self):
        """Its tasks in launch order (a foreach's in item order), running ones included."""
        from .task import Task

        return [Task(f"{self.pathspec}/{task_id}", _step=self) for task_id in self._task_ids()]

    def __iter__(self):
        return iter(self.tasks())

    @property
    def task(self):
        """A task of the step: the only one, or the first of a foreach."""
        return self.tasks()[0]

    def __getitem__(self, task_id):
        from .task import Task

        task_id = str(task_id)
        if not TASK_ID.match(task_id) or task_id not in self._task_ids():
            raise KeyError(task_id)
        return Task(f"{self.pathspec}/{task_id}", _step=self)

    def __contains__(self, task_id):
        return str(task_id) in self._task_ids()

    @property
    def created_at(self):
        return self.task.created_at

    @property
    def finished_at(self):
        """When its last task finished, once all have; else None."""
        times = [task.finished_at for task in self.tasks()]
        return None if any(time is None for time in times) else max(times)

    @property
    def finished(self):
        return all(task.finished for task in self.tasks())

    @property
    def successful(self):
        return all(task.successful for task in self.tasks())

    def __repr__(self):
        return f"Step('{self.pathspec}')"
