"""How a task or term that a process step closes is recorded: that step's command and form.

One registry for every process: `@vastleggen(code)` in the process's task module. The reminder
and escalation mails show it, and `taak-afronden` refuses such a task (it would close the task
without recording the outcome the process needs).
"""

from __future__ import annotations

from collections.abc import Callable

# referentie -> {"commando": …, "formulier": "flow/deployment"}
Vastleggen = Callable[[str], dict[str, str]]
VASTLEGGEN: dict[str, Vastleggen] = {}


def vastleggen(code: str) -> Callable[[Vastleggen], Vastleggen]:
    def register(fn: Vastleggen) -> Vastleggen:
        VASTLEGGEN[code] = fn
        return fn
    return register


def hoe_vastleggen(code: str | None, referentie: str) -> dict[str, str] | None:
    """The command and form for a task/term code, or None for an ordinary task (taak-afronden)."""
    if not code:
        return None
    from tasks.dispatch import load_handlers

    load_handlers()  # the registrations live in the process modules of tasks/
    fn = VASTLEGGEN.get(code)
    return fn(referentie) if fn else None
