"""The one exception the runtime raises for a mistake in a flow (as opposed to a bug in it).

Its message is meant for the person who wrote the flow: what happened, in which step, and what
to do about it. It reaches them as the task's `exception` in result.json and on stderr.
"""


class FlowbenchError(Exception):
    """A flow used the API in a way Flowbench cannot run (e.g. a step without `self.next`)."""
