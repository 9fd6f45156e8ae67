"""How a task or term that a process step closes is recorded: the step(s) that close it, by reference.

One registry for every process: `@vastleggen(code)` in the process's task module returns a `Verwijzing` (or
alternatives) to the step's declaration (domain/stap.py), never command text. The doors render it: the reminder
and escalation mails show the command and the form (notifications/render.py), and `taak-afronden` refuses such a
task, naming the step (it would close the task without recording the outcome the process needs).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.stap import Verwijzing
from domain.stap import in_woorden as _in_woorden

Stappen = tuple[Verwijzing, ...]  # alternatives: any one of them records it

# referentie -> the step (or the alternative steps) that records it
Vastleggen = Callable[[str], Verwijzing | Stappen]
VASTLEGGEN: dict[str, Vastleggen] = {}


def vastleggen(code: str) -> Callable[[Vastleggen], Vastleggen]:
    def register(fn: Vastleggen) -> Vastleggen:
        VASTLEGGEN[code] = fn
        return fn
    return register


# The same for a task recorded per item (a trajectplan action: the step names the action's id):
# the builder gets the session, the referentie and the taak id; None falls back to taak-afronden.
VastleggenTaak = Callable[[Any, str, int], Verwijzing | Stappen | None]
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


def _als_tuple(hoe: Verwijzing | Stappen | None) -> Stappen | None:
    if hoe is None:
        return None
    return (hoe,) if isinstance(hoe, Verwijzing) else tuple(hoe)


def hoe_vastleggen(code: str | None, referentie: str, *, session: Any = None,
                   taak_id: int | None = None) -> Stappen | None:
    """The step(s) that record a task/term code, or None for an ordinary task (taak-afronden)."""
    if not code:
        return None
    laad_processen()
    per_taak = VASTLEGGEN_TAAK.get(code)
    if per_taak is not None and session is not None and taak_id is not None:
        return _als_tuple(per_taak(session, referentie, taak_id))
    fn = VASTLEGGEN.get(code)
    return _als_tuple(fn(referentie)) if fn else None


def in_woorden(stappen: Stappen) -> str:
    """The step(s) in words, for a refusal that any door may show."""
    return " of ".join(_in_woorden(v) for v in stappen)
