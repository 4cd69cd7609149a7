"""`@step` and the step/flow decorators Metaflow flows use.

The engine reads decorators such as `@retry(times=3)` from the flow's source and acts on them
(retries, timeouts, resources, environment, docker, catch); here they only record their
arguments on the function so the flow loads and a tool can still inspect them. Decorators that
Flowbench does not interpret at all (`@card`, `@project`, `@conda`, ...) are accepted and ignored,
so that an existing Metaflow flow runs unchanged.
"""

STEP_DECORATORS_ATTRIBUTE = "__flowbench_decorators__"


def step(func):
    """Marks a method of a FlowSpec as a step."""
    func.is_step = True
    func.name = func.__name__
    if not hasattr(func, STEP_DECORATORS_ATTRIBUTE):
        setattr(func, STEP_DECORATORS_ATTRIBUTE, [])
    return func


def _recording_decorator(name):
    """A decorator usable bare (`@retry`) or called (`@retry(times=3)`) that records its arguments."""

    def record(target, arguments):
        recorded = getattr(target, STEP_DECORATORS_ATTRIBUTE, None)
        if recorded is None:
            recorded = []
            setattr(target, STEP_DECORATORS_ATTRIBUTE, recorded)
        recorded.append((name, arguments))
        return target

    def decorator(target=None, **arguments):
        if target is not None and callable(target):
            return record(target, {})
        return lambda decorated: record(decorated, arguments)

    decorator.__name__ = name
    decorator.__qualname__ = name
    decorator.__doc__ = f"Records @{name}(...) on the step; the engine interprets it."
    return decorator


def _ignored_decorator(name):
    """A decorator usable bare or called that changes nothing (Metaflow features we do not run)."""

    def decorator(target=None, **arguments):
        if target is not None and callable(target):
            return target
        return lambda decorated: decorated

    decorator.__name__ = name
    decorator.__qualname__ = name
    decorator.__doc__ = f"Accepted so Metaflow flows load; Flowbench ignores @{name}."
    return decorator


resources = _recording_decorator("resources")
retry = _recording_decorator("retry")
catch = _recording_decorator("catch")
timeout = _recording_decorator("timeout")
environment = _recording_decorator("environment")
docker = _recording_decorator("docker")

card = _ignored_decorator("card")
project = _ignored_decorator("project")
schedule = _ignored_decorator("schedule")
conda = _ignored_decorator("conda")
conda_base = _ignored_decorator("conda_base")
pypi = _ignored_decorator("pypi")
pypi_base = _ignored_decorator("pypi_base")
kubernetes = _ignored_decorator("kubernetes")
batch = _ignored_decorator("batch")
trigger = _ignored_decorator("trigger")
trigger_on_finish = _ignored_decorator("trigger_on_finish")
secrets = _ignored_decorator("secrets")
