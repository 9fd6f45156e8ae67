"""A step of a process, declared once: its input model, its Dutch texts and the steps that may follow.

Every door is generated from the declaration: the Prefect deployment's form (flows/_stap.py), the CLI command
(werkpad/deur.py) and the coming staff web form. The step itself runs the process's guard (a pure check in the
process's domain module) inside its transaction and ends with an `Uitkomst`: done, with a Dutch summary, or
refused, with the Dutch reason. A refusal is not a failure: the run ends Completed (state name "Geweigerd").

Nothing here may hold personal data: an Uitkomst is stored in Prefect (the final state's message)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict

from domain.bsn import maskeer_bsns


class Invoer(BaseModel):
    """The typed input of one step: fields, formats, limits and Dutch descriptions, declared once.

    Only what needs no case store is checked here (formats, limits, choices); every check on the case's state
    is the step's guard."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


GEWEIGERD = "Geweigerd"  # the name of a refused run's Completed state, as operations see it in the Prefect UI


@dataclass(frozen=True)
class Weigering:
    """What a step's task returns instead of raising, inside a step's flow: the rule's Dutch reason."""

    reden: str


@dataclass(frozen=True)
class Uitkomst:
    """How a step ended, as every door shows it. `gegevens` are the step's result values (no personal data)."""

    stap: str
    geweigerd: bool
    tekst: str
    gegevens: Mapping[str, Any] = field(default_factory=dict)

    def als_dict(self) -> dict[str, Any]:
        return {**self.gegevens, "stap": self.stap, "geweigerd": self.geweigerd, "tekst": self.tekst}

    @classmethod
    def uit_dict(cls, d: Mapping[str, Any]) -> Uitkomst:
        rest = {k: v for k, v in d.items() if k not in ("stap", "geweigerd", "tekst")}
        return cls(stap=str(d.get("stap", "")), geweigerd=bool(d.get("geweigerd")), tekst=str(d.get("tekst", "")),
                   gegevens=rest)


def klaar(stap: str, tekst: str, gegevens: Mapping[str, Any]) -> Uitkomst:
    return Uitkomst(stap=stap, geweigerd=False, tekst=maskeer_bsns(tekst), gegevens=dict(gegevens))


def geweigerd(stap: str, reden: str) -> Uitkomst:
    return Uitkomst(stap=stap, geweigerd=True, tekst=maskeer_bsns(reden))


@dataclass(frozen=True)
class Stap:
    """One human step of a process.

    `proces` is the process's key (the CLI group, `werkpad <proces> <naam>`, and the flow name's prefix),
    `naam` the step (CLI command and deployment name); the flow is `<proces>-<naam>`. `label` names the run
    (`<label> · <referentie> · <naam>`). `samenvatting` turns the step's result into its Dutch summary line;
    `volgende` names the steps a door may suggest next (the door renders them: a command, a link)."""

    proces: str
    naam: str
    invoer: type[Invoer]
    omschrijving: str
    samenvatting: Callable[[Mapping[str, Any]], str]
    label: str = ""
    volgende: tuple[str, ...] = ()
    flow_naam: str = ""

    @property
    def flow(self) -> str:
        return self.flow_naam or f"{self.proces}-{self.naam}"

    @property
    def run_label(self) -> str:
        return self.label or self.proces

    @property
    def titel(self) -> str:
        return f"{self.proces} {self.naam}"


class Register:
    """The steps of every process, by (proces, naam) and by flow name; a duplicate is refused at import."""

    def __init__(self) -> None:
        self._stappen: dict[tuple[str, str], Stap] = {}
        self._flows: dict[str, Stap] = {}

    def voeg_toe(self, *stappen: Stap) -> None:
        for s in stappen:
            if (s.proces, s.naam) in self._stappen or s.flow in self._flows:
                raise ValueError(f"Stap '{s.titel}' (flow {s.flow}) is al geregistreerd.")
            self._stappen[(s.proces, s.naam)] = s
            self._flows[s.flow] = s

    def get(self, proces: str, naam: str) -> Stap:
        return self._stappen[(proces, naam)]

    def van(self, proces: str) -> list[Stap]:
        return [s for (p, _), s in self._stappen.items() if p == proces]

    def __iter__(self) -> Any:
        return iter(self._stappen.values())
