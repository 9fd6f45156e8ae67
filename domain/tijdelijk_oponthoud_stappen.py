"""Tijdelijk oponthoud's human steps, declared once (domain/stap.py): starten, verlengen and beeindigen, each with its
input model, Dutch texts and summary. The re-check (heroverwegen) is woken by its timer, not a person.

The checks on the case (the traject is open, a pause runs or not, the re-check date from tomorrow up to a year) are
the steps' guards, run inside their transaction (tasks/tijdelijk_oponthoud.py with domain/tijdelijk_oponthoud.py)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, field_validator

from domain.invoer import Door, FormDatum, Referentie, VrijeTekst
from domain.stap import Invoer, Stap
from domain.tijdelijk_oponthoud import STANDAARD_WEKEN

PROCES = "tijdelijk-oponthoud"  # the CLI group, the flows' prefix, the run label and the process tag

Reden = Annotated[VrijeTekst, Field(description="Waarom (geen persoonsgegevens, geen medische details)")]
Wie = Annotated[Door, Field(description="Wie legt vast (e-mailadres of rol)")]


def _referentie(v: Any) -> Any:
    return v.strip().upper() if isinstance(v, str) else v


class Starten(Invoer):
    referentie: Referentie
    reden: Reden
    tot: Annotated[FormDatum | None, Field(description=f"Herbeoordelingsdatum JJJJ-MM-DD (leeg: over "
                                                       f"{STANDAARD_WEKEN} weken)")] = None
    door: Wie = "werkcoach"

    _ref = field_validator("referentie", mode="before")(_referentie)


class Verlengen(Invoer):
    referentie: Referentie
    tot: Annotated[FormDatum, Field(description="Nieuwe herbeoordelingsdatum JJJJ-MM-DD")]
    reden: Annotated[VrijeTekst, Field(description="Waarom het oponthoud doorloopt (geen persoonsgegevens)")]
    door: Wie = "werkcoach"

    _ref = field_validator("referentie", mode="before")(_referentie)


class Beeindigen(Invoer):
    referentie: Referentie
    toelichting: Annotated[VrijeTekst, Field(description="Waarom het oponthoud eindigt (geen persoonsgegevens)")]
    door: Wie = "werkcoach"

    _ref = field_validator("referentie", mode="before")(_referentie)


# The CLI command of `starten` is `start` (werkpad/cli_tijdelijk_oponthoud.py); flow and deployment keep their names.
STARTEN = Stap(PROCES, "starten", Starten, "Zet een traject tijdelijk stil; op de herbeoordelingsdatum krijgt de "
               "werkcoach een taak.",
               lambda r: f"{r['referentie']}: tijdelijk oponthoud tot herbeoordeling op {r['herbeoordeling']}", commando="start")
VERLENGEN = Stap(PROCES, "verlengen", Verlengen, "Zet het tijdelijk oponthoud voort tot een nieuwe "
                 "herbeoordelingsdatum (na het heroverwegen).",
                 lambda r: f"{r['referentie']}: tijdelijk oponthoud verlengd tot herbeoordeling op {r['herbeoordeling']}")
BEEINDIGEN = Stap(PROCES, "beeindigen", Beeindigen, "Beëindig het tijdelijk oponthoud; de taak en de wekker vervallen.",
                  lambda r: f"{r['referentie']}: tijdelijk oponthoud beëindigd")

STAPPEN = (STARTEN, VERLENGEN, BEEINDIGEN)
