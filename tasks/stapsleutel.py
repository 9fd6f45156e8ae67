"""A step run's idempotency key (casestore/stapsleutel.py records it in the step's own transaction).

Where the key comes from, in this order: the door that runs the step in this process (`deur_sleutel`, set by
werkpad/deur.py: the same key the stack's door gives Prefect), the flow run's own idempotency key (a run the door
started on the stack, a scheduled run), else the flow run's id (a run started from the form: a retry of that run
is the same run). A second run with a key that committed does nothing and reports the first run's outcome."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from casestore.db import session as new_session
from casestore.stapsleutel import AlUitgevoerd, bewaar_uitkomst, loopt, uitkomst

__all__ = ["AlUitgevoerd", "bewaar", "deur_sleutel", "eerdere_uitkomst", "sleutel_van_run", "stap_loopt"]

# (key, the previous minute's key or None), set by the door around an in-process run
_DEUR: ContextVar[tuple[str, str | None] | None] = ContextVar("werkpad_deur_sleutel", default=None)
WACHT_OP_UITKOMST = 10.0  # s: a second run that met the key waits this long for the first run's outcome


@contextmanager
def deur_sleutel(sleutel: str, vorige: str | None = None) -> Iterator[None]:
    token = _DEUR.set((sleutel, vorige))
    try:
        yield
    finally:
        _DEUR.reset(token)


def sleutel_van_run(flow_run: Any) -> tuple[str, str | None]:
    """(key, previous minute's key) of this step run."""
    deur = _DEUR.get()
    # The door's key belongs to the run the door started, not to a step run inside it (uitkering-controle's
    # uitkeringsbesluit per traject, a subflow): shared, the first traject's claim made every other one a
    # "repeat" that changed nothing (the chaos test found it).
    subflow = flow_run is not None and getattr(flow_run, "parent_task_run_id", None) is not None
    if deur is not None and not subflow:
        return deur
    if flow_run is not None and getattr(flow_run, "idempotency_key", None):
        return str(flow_run.idempotency_key), None
    if flow_run is not None:
        return f"run:{flow_run.id}", None
    return f"run:{time.time_ns()}", None  # outside a flow run (never in a step's flow): unique


@contextmanager
def stap_loopt(sleutel: str, stap: str, vorige: str | None = None) -> Iterator[None]:
    with loopt(sleutel, stap, vorige):
        yield


def eerdere_uitkomst(sleutel: str, wacht: float = WACHT_OP_UITKOMST) -> dict[str, Any] | None:
    """The outcome the first run with this key recorded; waits a little for a run that committed a moment ago
    and is still sending (None: not recorded in time)."""
    from tasks.runtime import get

    tot = time.monotonic() + wacht
    while True:
        with new_session(get().engine) as s:
            _, gevonden = uitkomst(s, sleutel=sleutel)
        if gevonden is not None or time.monotonic() >= tot:
            return gevonden
        time.sleep(0.2)  # the first run records its outcome right after sending: a real wait, bounded


def bewaar(sleutel: str, uitkomst_: dict[str, Any]) -> None:
    from tasks.runtime import get

    data = json.loads(json.dumps(uitkomst_, default=str))  # what Prefect stores too: JSON, no personal data
    with new_session(get().engine) as s:
        if bewaar_uitkomst(s, sleutel=sleutel, uitkomst=data):
            s.commit()
