"""The process model: each process declares its states, transitions and events as data.

A traject holds any number of process instances (brede intake, uitkering gate, tijdelijk
oponthoud, later verlengde intake, indicatie, maatregelonderzoek…). Each process's own
module (`domain/<proces>.py`) builds one `Proces` with its table of allowed transitions
(`OVERGANGEN`), the Dutch labels and the typed event names reports count on. The case store
checks every step against that table in one generic, version-guarded transition, so no call
site lists "allowed from" states by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from domain.errors import TransitionRefused


@dataclass(frozen=True)
class Proces:
    naam: str  # stable code, snake_case: stored in the case store and in audit events
    label: str  # what people read
    statussen: Mapping[str, str]  # status code -> label
    start: str
    overgangen: Mapping[str, frozenset[str]]  # from -> allowed to
    gebeurtenissen: frozenset[str] = field(default_factory=frozenset)  # typed event names, "<proces>.<wat>"

    def __post_init__(self) -> None:
        # A table that names an unknown status is a programming error: fail at import.
        bekend = set(self.statussen)
        if self.start not in bekend:
            raise ValueError(f"{self.naam}: startstatus {self.start!r} is onbekend")
        for van, naar in self.overgangen.items():
            if van not in bekend or not naar <= bekend:
                raise ValueError(f"{self.naam}: overgang {van!r} -> {sorted(naar)} noemt een onbekende status")
        for g in self.gebeurtenissen:
            if not g.startswith(f"{self.naam}."):
                raise ValueError(f"{self.naam}: gebeurtenis {g!r} hoort te beginnen met '{self.naam}.'")

    @property
    def eindstatussen(self) -> frozenset[str]:
        return frozenset(s for s in self.statussen if not self.overgangen.get(s))

    def is_open(self, status: str) -> bool:
        return status not in self.eindstatussen

    def status_label(self, status: str) -> str:
        return self.statussen.get(status, status)

    def controleer(self, van: str, naar: str, referentie: str) -> None:
        """Refuse a step the table does not allow, with a message that says what is possible."""
        toegestaan = self.overgangen.get(van, frozenset())
        if naar in toegestaan:
            return
        if not toegestaan:
            raise TransitionRefused(
                f"{referentie}: {self.label.lower()} is al afgerond ({self.status_label(van)}); "
                f"'{self.status_label(naar)}' kan niet meer."
            )
        kan = ", ".join(self.status_label(s) for s in sorted(toegestaan))
        raise TransitionRefused(
            f"{referentie}: {self.label.lower()} staat op '{self.status_label(van)}'; "
            f"'{self.status_label(naar)}' kan niet. Mogelijk: {kan}."
        )

    def gebeurtenis(self, wat: str) -> str:
        """The typed event name for reports; an unknown one is a programming error."""
        naam = f"{self.naam}.{wat}"
        if naam not in self.gebeurtenissen:
            raise ValueError(f"Onbekende gebeurtenis {naam!r}; bekend: {sorted(self.gebeurtenissen)}")
        return naam


def overgangen(**tabel: str | tuple[str, ...]) -> dict[str, frozenset[str]]:
    """Readable transition tables: overgangen(gepland=("afgerond", "vervallen"), afgerond=())."""
    return {van: frozenset((naar,) if isinstance(naar, str) else naar) for van, naar in tabel.items()}


def proces_voor(naam: str) -> Proces | None:
    """The process declared in `domain/<naam>.py` (processes declare themselves; no list here)."""
    import importlib

    try:
        module = importlib.import_module(f"domain.{naam}")
    except ImportError:
        return None
    return next((v for v in vars(module).values() if isinstance(v, Proces) and v.naam == naam), None)
