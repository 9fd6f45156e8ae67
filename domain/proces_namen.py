"""Every declared process by its stored name, for what people read (`case show`): the Dutch label of the
process and of its status. Processes declare themselves in their own domain module (domain/proces.py); this
walks the domain package once and collects them, so a new process needs no line here."""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from domain.proces import Proces


@lru_cache(maxsize=1)
def alle_processen() -> dict[str, Proces]:
    import domain

    gevonden: dict[str, Proces] = {}
    for m in pkgutil.walk_packages(domain.__path__, "domain."):
        module = importlib.import_module(m.name)
        for v in vars(module).values():
            if isinstance(v, Proces):
                gevonden.setdefault(v.naam, v)
    return gevonden


def proces_label(naam: str) -> str:
    """'nazorg' -> 'Nazorg jobcoach'; an unknown (e.g. retired) process keeps its stored name, readable."""
    p = alle_processen().get(naam)
    return p.label if p is not None else naam.replace("_", " ").capitalize()


def status_label(naam: str, status: str) -> str:
    """'loopt' of 'nazorg' -> 'Loopt'; an unknown status keeps its code."""
    p = alle_processen().get(naam)
    return p.status_label(status) if p is not None else status
