"""The verlengde intake's human steps, declared once (domain/stap.py): the input model of each step (what every
door, CLI, Prefect form and web form, checks before it starts anything), its Dutch texts and what follows.

The checks on the case (may a verlengde intake start, is one running and in which state, the onderzoek's date
against the advies, what the decision may choose) are the steps' guards, run inside their transaction
(tasks/verlengde_intake.py); a door never repeats them."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, field_validator

from domain.invoer import Door, FormDatum, OngeldigeInvoer, Referentie, VrijeTekst, controleer_tekst
from domain.stap import Invoer, Stap
from domain.verlengde_intake import Advies, Besluit, Fase, Onderzoek

PROCES = "verlengde-intake"  # the CLI group, the flows' prefix and the run label

Vastlegger = Annotated[Door, Field(description="Wie legt vast (e-mailadres of rol)")]
Toelichting = Annotated[VrijeTekst, Field(description="Korte toelichting (geen persoonsgegevens, geen medische "
                                                      "details)")]


ADVIEZEN = ", ".join(a.value for a in Advies)
FASEN = ", ".join(f.value for f in Fase)


def _kleine_letters(v: Any) -> Any:
    return v.strip().lower() if isinstance(v, str) else v


def _toelichting(v: Any) -> Any:
    """One line of 5-200 characters without a BSN-like run (domain/invoer.py), its Dutch reason without the field's
    name, which the door puts in front (`--toelichting: bevat stuurtekens …`)."""
    if not isinstance(v, str):
        return v
    try:
        return controleer_tekst(v, "", min_len=5)
    except OngeldigeInvoer as exc:
        raise ValueError(str(exc).strip().rstrip(".")) from None


class Starten(Invoer):
    referentie: Referentie
    door: Vastlegger = "werkcoach"


class OnderzoekAanvragen(Invoer):
    referentie: Referentie
    soort: Annotated[Onderzoek, Field(description="Onderzoek uit de catalogus van AD&A")]
    uiterlijk: Annotated[FormDatum | None, Field(description="Klaar op JJJJ-MM-DD, na vandaag en niet na de "
                                                             "adviesdatum (leeg: de standaardduur)")] = None
    door: Vastlegger = "werkcoach"

    _soort = field_validator("soort", mode="before")(_kleine_letters)


class AdviesVastleggen(Invoer):
    referentie: Referentie
    advies: Annotated[Advies, Field(description="Het advies van AD&A")]
    fase: Annotated[Fase | None, Field(description=f"Bij advies 'traject': de fase ({FASEN})")] = None
    toelichting: Toelichting
    door: Vastlegger = "ada"

    _advies = field_validator("advies", "fase", mode="before")(_kleine_letters)
    _toelichting = field_validator("toelichting", mode="before")(_toelichting)


class BesluitNemen(Invoer):
    referentie: Referentie
    besluit: Annotated[Besluit, Field(description="volgen of afwijken")]
    anders: Annotated[Advies | None, Field(description=f"Bij afwijken: wat er wel gebeurt, een advies "
                                                                     f"({ADVIEZEN})")] = None
    fase: Annotated[Fase | None, Field(description=f"Bij anders traject: de fase ({FASEN})")] = None
    toelichting: Toelichting
    door: Vastlegger = "werkcoach"

    _keuzes = field_validator("besluit", "anders", "fase", mode="before")(_kleine_letters)
    _toelichting = field_validator("toelichting", mode="before")(_toelichting)


STARTEN = Stap(PROCES, "starten", Starten, "Start de verlengde intake bij AD&A: advies uiterlijk over drie maanden, "
               "tussenevaluatie halverwege. Kan na het uitkeringsbesluit (route verlengde intake) of in een lopend "
               "traject.",
               lambda r: f"{r['referentie']}: verlengde intake AD&A gestart; tussenevaluatie {r['tussenevaluatie']}, "
                         f"advies uiterlijk {r['advies_due']}.",
               volgende=("onderzoek",), commando="start")
ONDERZOEK = Stap(PROCES, "onderzoek", OnderzoekAanvragen, "Vraag een onderzoek uit de catalogus aan; de "
                 "AD&A-diagnosticus krijgt een taak (leeg uiterlijk: de standaardduur).",
                 lambda r: f"{r['referentie']}: onderzoek {Onderzoek(r['soort']).label} aangevraagd, uiterlijk "
                           f"{r['uiterlijk']} (taak {r['taak_id']}).")
ADVIES = Stap(PROCES, "advies", AdviesVastleggen, "Leg het advies van AD&A vast (bij advies 'traject' ook de fase); "
              "de werkcoach krijgt bericht en een taak om te besluiten.",
              lambda r: f"{r['referentie']}: advies vastgelegd; de werkcoach besluit uiterlijk {r['besluit_due']} "
                        f"(taak {r['taak_id']}).",
              volgende=("besluit",))
BESLUIT = Stap(PROCES, "besluit", BesluitNemen, "Besluit op het advies van AD&A: volgen, of afwijken met een ander "
               "vervolg (anders, bij 'traject' met fase); dat vervolg start.",
               lambda r: f"{r['referentie']}: besluit vastgelegd; vervolg {r['vervolg']}.")

STAPPEN = (STARTEN, ONDERZOEK, ADVIES, BESLUIT)
