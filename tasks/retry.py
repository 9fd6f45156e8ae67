"""Retry policy of the tasks that talk to partners: only transient faults, configurable delays.

`WERKPAD_RETRY_DELAYS` lists the waits before each retry in seconds ("2,10": two retries,
after 2 s and after 10 s; "" or "0": none). Tests set "0,0" so they never wait. Read from the
environment on purpose: no settings object, no Prefect, nothing heavy at import time.
"""

from __future__ import annotations

import os
from typing import Any

DEFAULT_RETRY_DELAYS = "2,10"


def retry_delays(raw: str | None = None) -> list[float]:
    """The delays from `raw` or the environment; an invalid value is a configuration error."""
    raw = os.environ.get("WERKPAD_RETRY_DELAYS", DEFAULT_RETRY_DELAYS) if raw is None else raw
    parts = [p.strip() for p in raw.split(",") if p.strip()]
    try:
        delays = [float(p) for p in parts]
    except ValueError:
        raise ValueError(f"WERKPAD_RETRY_DELAYS '{raw}' is ongeldig; gebruik seconden met komma's, bijv. '2,10'.") \
            from None
    if any(d < 0 for d in delays):
        raise ValueError(f"WERKPAD_RETRY_DELAYS '{raw}' bevat een negatieve wachttijd.")
    if delays == [0.0]:
        return []  # "0" means: do not retry
    return delays


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
