"""Plain step functions that flows run as Prefect tasks, without importing Prefect here.

A step is an ordinary function `fn(rt, *, ...)`: tests, crash scripts and the CLI call it
directly with a runtime, and importing its module costs no Prefect import (about 2-3 s).
`@step(...)` keeps it that way and adds `.task`, built on first use, which a flow calls
with the keyword arguments only: the wrapper takes the runtime from `tasks.runtime.get()`.

    @step()
    def plan_intake(rt: Runtime, *, referentie: str, nu: datetime) -> dict: ...

    plan_intake(rt, referentie=ref, nu=nu)            # plain
    plan_intake.task(referentie=ref, nu=nu)          # inside a flow: a Prefect task run

Retries are for transient partner and mail faults only (tasks/retry.py), with delays from the
settings (`retry_delays`, WERKPAD_RETRY_DELAYS; tests set "0,0").
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, Generic, ParamSpec, TypeVar

P = ParamSpec("P")
# Set by a step's flow (flows/_stap.py): a rule's refusal (DomainError) in one of its tasks returns a Weigering
# (the task ends Completed), so the UI shows no failed task and no traceback is logged for a refusal.
WEIGERING_ALS_UITKOMST: ContextVar[bool] = ContextVar("weigering_als_uitkomst", default=False)
R = TypeVar("R")


class Step(Generic[P, R]):
    def __init__(self, fn: Callable[P, R], name: str, retries: bool) -> None:
        self.fn = fn
        self.name = name
        self.retries = retries
        self._task: Any = None
        functools.update_wrapper(self, fn)

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        return self.fn(*args, **kwargs)

    @property
    def task(self) -> Any:
        """The Prefect task; its parameters are the step's keyword arguments (never the runtime)."""
        if self._task is None:
            from prefect import task
            from prefect.cache_policies import NO_CACHE

            from tasks.runtime import get, settings

            fn = self.fn

            def run(**kwargs: Any) -> Any:
                if not WEIGERING_ALS_UITKOMST.get():
                    return fn(get(), **kwargs)  # type: ignore[arg-type]
                from casestore.stapsleutel import AlUitgevoerd
                from domain.errors import DomainError

                try:
                    return fn(get(), **kwargs)  # type: ignore[arg-type]
                except DomainError as exc:  # inside a step's flow a refusal is an outcome, not a failed task
                    from domain.bsn import maskeer_bsns
                    from domain.stap import Weigering

                    return Weigering(maskeer_bsns(str(exc)))
                except AlUitgevoerd as exc:  # a run with this step run's key did it: nothing done, not a failure
                    from domain.stap import Herhaling

                    return Herhaling(str(exc), sleutel=exc.sleutel)

            sig = inspect.signature(fn)
            run.__signature__ = sig.replace(parameters=list(sig.parameters.values())[1:])  # type: ignore[attr-defined]
            run.__name__ = fn.__name__
            run.__qualname__ = fn.__qualname__
            run.__module__ = fn.__module__
            opts: dict[str, Any] = {"name": self.name, "cache_policy": NO_CACHE}
            if self.retries:
                from tasks.retry import alleen_tijdelijk
                from tasks.runtime import settings

                delays = settings().retry_delays
                opts.update(retries=len(delays), retry_delay_seconds=delays or None, retry_condition_fn=alleen_tijdelijk)
            self._task = task(**opts)(run)
        return self._task


def task_name(fn: Callable[..., object]) -> str:
    parts = fn.__module__.split(".")
    # A process may be a package (tasks/indicatie/indiening.py): its steps are named after the process.
    module = (parts[1] if parts[0] == "tasks" and len(parts) > 2 else parts[-1]).strip("_")
    name = fn.__name__.strip("_")
    return (name if name == module or name.startswith(module + "_") else f"{module}_{name}").replace("_", "-")


def step(*, retries: bool = False) -> Callable[[Callable[P, R]], Step[P, R]]:
    """One name per thing: the Prefect task is named after its module and function
    (tasks/aanmelding.py plan_intake → aanmelding-plan-intake; tasks/indicatie/indiening.py indienen →
    indicatie-indienen), nothing to keep in step by hand."""
    def wrap(fn: Callable[P, R]) -> Step[P, R]:
        return Step(fn, task_name(fn), retries)

    return wrap
