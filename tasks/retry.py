"""Retry policy of the tasks that talk to partners: only transient faults, configurable delays.

The delays are a setting (`Settings.retry_delays`, `WERKPAD_RETRY_DELAYS`: "2,10" is two
retries, after 2 s and after 10 s; "" or "0": none). Tests set "0,0" so they never wait.
"""

from __future__ import annotations

from typing import Any


def is_tijdelijk(exc: BaseException) -> bool:
    """Worth trying again: the partner or the mail server was unreachable, or rows stayed queued.
    A refusal or a malformed answer will be the same next time, so it is not retried."""
    from integrations.errors import is_transient
    from tasks.dispatch import DispatchUitgesteld

    return is_transient(exc) or isinstance(exc, DispatchUitgesteld)


def alleen_tijdelijk(task: Any, task_run: Any, state: Any) -> bool:
    """Prefect `retry_condition_fn` (must be a plain function): retry transient faults only.

    Prefect 3.8 passes a Failed state whose `data` is the exception the task raised."""
    exc = getattr(state, "data", None)
    return isinstance(exc, BaseException) and is_tijdelijk(exc)
