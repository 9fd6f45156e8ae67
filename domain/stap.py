"""A step of a process, declared once: its input model, its Dutch texts and the steps that may follow.

Every door is generated from the declaration: the Prefect deployment's form (flows/_stap.py), the CLI command
(werkpad/deur.py) and the coming staff web form. The step itself runs the process's guard (a pure check in the
process's domain module) inside its transaction and ends with an `Uitkomst`: done, with a Dutch summary, or
refused, with the Dutch reason. A refusal is not a failure: the run ends Completed (state name "Geweigerd").

Nothing here may hold personal data: an Uitkomst is stored in Prefect (the final state's message)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict

from domain.bsn import maskeer_bsns
from domain.invoer import MOMENT_PATROON


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
class Herhaling(Weigering):
    """What a step's task returns when a run with the same idempotency key already did the step: nothing was
    done (a Weigering, so a step of several tasks stops at the first); the door reports the first run's outcome."""

    sleutel: str = ""


HERHAALD = " (Deze opdracht was al uitgevoerd met dezelfde sleutel; er is niets opnieuw gedaan.)"


def herhaald(stap: str, eerder: Mapping[str, Any] | None) -> Uitkomst:
    """The outcome of a second run with a key that was used: the first run's, said to be a repeat."""
    if eerder is None:
        return Uitkomst(stap=stap, geweigerd=False, tekst="Deze opdracht is al uitgevoerd met dezelfde sleutel; er is "
                        "niets opnieuw gedaan (de uitkomst staat in de tijdlijn).", gegevens={"herhaald": True})
    u = Uitkomst.uit_dict(eerder)
    return Uitkomst(stap=u.stap or stap, geweigerd=u.geweigerd, tekst=u.tekst + HERHAALD,
                    gegevens={**u.gegevens, "herhaald": True})


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
    `volgende` names the steps a door may suggest next (the door renders them: a command, a link). `opties`
    names a CLI option unlike its field (`("bijlagen", "--bijlage")`): the command and every hint that shows
    the command line use it; the form keeps the field's name. `commando` is the command staff type when it is
    not the deployment's name (`start` for `starten`); the deployment's name then works as a hidden alias."""

    proces: str
    naam: str
    invoer: type[Invoer]
    omschrijving: str
    samenvatting: Callable[[Mapping[str, Any]], str]
    label: str = ""
    volgende: tuple[str, ...] = ()
    flow_naam: str = ""
    opties: tuple[tuple[str, str], ...] = ()
    commando: str = ""
    argumenten: tuple[str, ...] = ("referentie",)  # the fields the CLI takes positionally, in this order
    in_groep: bool = True  # `werkpad <proces> <commando>`; False: a top-level `werkpad <commando>`

    @property
    def commandoregel(self) -> str:
        """`werkpad <proces> <commando>` (or `werkpad <commando>` for a top-level command)."""
        return f"werkpad {self.proces + ' ' if self.in_groep else ''}{self.commando or self.naam}"

    def optie(self, veld: str) -> str:
        """The CLI option of a field: its declared name, else `--veld-naam`."""
        return dict(self.opties).get(veld) or "--" + veld.replace("_", "-")

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


# -- a step named by reference: every door renders it (a command line, a form, a link) ------------
@dataclass(frozen=True)
class Verwijzing:
    """A step to take on a case, named by reference (never by command text): the doors render it from the
    declaration: the CLI its command line, a mail the command and the form, the staff web form a link.

    `waarden` are fields whose value is known (an actie's number, the bijlagen to send); `ook` optional fields
    worth naming (shown in brackets). The fields the CLI takes positionally are the step's own `argumenten`."""

    stap: Stap
    referentie: str | None = None
    waarden: Mapping[str, Any] = field(default_factory=dict)
    ook: tuple[str, ...] = ()

    @property
    def formulier(self) -> str:
        """The deployment's form, `<flow>/<deployment>`, with the values it needs beyond the form's own."""
        naam = f"{self.stap.flow}/{self.stap.naam}"
        if not self.waarden:
            return naam
        bekend = ({"referentie": self.referentie} if self.referentie else {}) | dict(self.waarden)
        return f"{naam} ({', '.join(f'{k} {_tekst(v)}' for k, v in bekend.items())})"


def _tekst(waarde: Any) -> str:
    return ", ".join(_tekst(w) for w in waarde) if isinstance(waarde, list | tuple) else str(getattr(
        waarde, "value", waarde))


def _plaatshouder(info: Any) -> str:
    """What to fill in, from the field's type: the choices, the date format, or "…"."""
    ann, metadata = info.annotation, list(info.metadata)
    while True:
        if get_origin(ann) in (Union, UnionType):
            rest = [a for a in get_args(ann) if a is not type(None)]
            if len(rest) != 1:
                break
            ann = rest[0]
        elif get_origin(ann) is Annotated:
            ann, *extra = get_args(ann)
            metadata += extra
        elif get_origin(ann) is list and get_args(ann):
            ann = get_args(ann)[0]
        else:
            break
    if isinstance(ann, type) and issubclass(ann, Enum):
        return "|".join(str(e.value) for e in ann)
    if ann is datetime or (ann is str and any(getattr(m, "pattern", None) == MOMENT_PATROON for m in metadata)):
        return '"JJJJ-MM-DD UU:MM"'
    if ann is date:
        return "JJJJ-MM-DD"
    if ann is int:
        return "N"
    return '"…"'


def commando_tekst(v: Verwijzing, *, invulhulp: bool = True) -> str:
    """`werkpad <proces> <naam> REF --veld …`: the step's command line, rendered from its declaration.

    Required fields always, optional ones named in `ook` in brackets; known values as given. `invulhulp`
    shows the expected format of each field (choices, dates); without it every value is `"…"` (the door's
    short "Daarna:" hint)."""
    velden = v.stap.invoer.model_fields
    bekend: dict[str, Any] = dict(v.waarden)
    if v.referentie and "referentie" in velden:
        bekend.setdefault("referentie", v.referentie)
    delen = [v.stap.commandoregel]
    for veld in v.stap.argumenten:
        if veld in bekend:
            delen.append(_tekst(bekend[veld]))
        elif veld in velden:
            delen.append(_plaatshouder(velden[veld]) if invulhulp else veld.upper())
    for veld, info in velden.items():
        if veld in v.stap.argumenten:
            continue
        if veld == "referentie" and not info.is_required():  # the step finds the case by its other argument
            continue
        if veld in bekend:
            waarden = bekend[veld] if isinstance(bekend[veld], list | tuple) else [bekend[veld]]
            delen.extend(f"{v.stap.optie(veld)} {_tekst(w)}" for w in waarden)
            continue
        invullen = _plaatshouder(info) if invulhulp else '"…"'
        if info.is_required() and veld != "referentie":
            delen.append(f"{v.stap.optie(veld)} {invullen}")
        elif veld in v.ook:
            delen.append(f"[{v.stap.optie(veld)} {invullen}]")
    return " ".join(delen)


def in_woorden(v: Verwijzing) -> str:
    """The step in words, for a refusal that any door may show (a command line, a form, a page): "de stap
    'trajectplan actie-gedaan' met actie_id 3 (in de Prefect UI: trajectplan-actie-gedaan/actie-gedaan)"."""
    met = ", ".join(f"{k} {_tekst(w)}" for k, w in v.waarden.items())
    return (f"de stap '{v.stap.titel}'" + (f" met {met}" if met else "")
            + f" (in de Prefect UI: {v.stap.flow}/{v.stap.naam})")
