"""How a task or term that a process step closes is recorded: that step's command and form.

One registry for every process: `@vastleggen(code)` in the process's task module. The reminder
and escalation mails show it, and `taak-afronden` refuses such a task (it would close the task
without recording the outcome the process needs).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# referentie -> {"commando": …, "formulier": "flow/deployment"}
Vastleggen = Callable[[str], dict[str, str]]
VASTLEGGEN: dict[str, Vastleggen] = {}


def vastleggen(code: str) -> Callable[[Vastleggen], Vastleggen]:
    def register(fn: Vastleggen) -> Vastleggen:
        VASTLEGGEN[code] = fn
        return fn
    return register


# The same for a task recorded per item (a trajectplan action: the command names the action's id):
# the builder gets the session, the referentie and the taak id; None falls back to taak-afronden.
VastleggenTaak = Callable[[Any, str, int], dict[str, str] | None]
VASTLEGGEN_TAAK: dict[str, VastleggenTaak] = {}


def vastleggen_taak(code: str) -> Callable[[VastleggenTaak], VastleggenTaak]:
    def register(fn: VastleggenTaak) -> VastleggenTaak:
        VASTLEGGEN_TAAK[code] = fn
        return fn
    return register


def laad_processen() -> None:
    """The registrations live in the process modules of tasks/ (domain/processen.py lists them), not in the
    outbox handlers, whose partner clients a CLI command need not load."""
    import importlib

    from domain.processen import modules

    for naam in modules("tasks"):
        importlib.import_module(naam)


def hoe_vastleggen(code: str | None, referentie: str, *, session: Any = None,
                   taak_id: int | None = None) -> dict[str, str] | None:
    """The command and form for a task/term code, or None for an ordinary task (taak-afronden)."""
    if not code:
        return None
    laad_processen()
    per_taak = VASTLEGGEN_TAAK.get(code)
    if per_taak is not None and session is not None and taak_id is not None:
        return per_taak(session, referentie, taak_id)
    fn = VASTLEGGEN.get(code)
    return fn(referentie) if fn else None
