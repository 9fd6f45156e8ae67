"""The loonwaardemeting's human steps, declared once (domain/stap.py): the input model of each step (what every
door, CLI, Prefect form and web form, checks before it starts anything), its Dutch texts and what follows.

The checks on the case (is a meting running, in which state, both zienswijzen, the dates against the meting) are
the steps' guards, run inside their transaction (tasks/loonwaarde.py); a door never repeats them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any

from pydantic import Field, field_validator

from domain.invoer import (
    TEKST_PATROON,
    Door,
    EmailAdres,
    FormDatum,
    OngeldigeInvoer,
    Referentie,
    VrijeTekst,
    controleer_tekst,
)
from domain.loonwaarde import (
    BOVEN_WML,
    IB_BERICHT,
    LKS_GEMELD,
    Partij,
    Route,
    controleer_deskundige,
    controleer_werkgever,
    parse_loonwaarde,
)
from domain.stap import Invoer, Stap

PROCES = "loonwaarde"  # the CLI group and the flows' prefix
LABEL = "loonwaardemeting"  # the run label and process tag (the Proces's name)


def _regel(check: Callable[[Any, str], Any]) -> Callable[[Any], Any]:
    """A pure check of domain/ as a field's validator (before the format): its Dutch message without the field's
    name, which the door puts in front (`--werkgever: bevat stuurtekens …`)."""

    def valideer(value: Any) -> Any:
        if value is None or isinstance(value, bool):
            return value
        try:
            return check(value, "")
        except OngeldigeInvoer as exc:
            raise ValueError(str(exc).strip().rstrip(".")) from None

    return valideer


def _kleine_letters(v: Any) -> Any:
    return v.strip().lower() if isinstance(v, str) else v


Werkgever = Annotated[str, Field(min_length=2, max_length=100, pattern=TEKST_PATROON,
                                 description="Naam van de werkgever (organisatie; geen persoonsgegevens)")]
Loonwaarde = Annotated[int, Field(ge=0, le=100, description="Loonwaarde in hele procenten van het WML (0-100)")]
Toelichting = Annotated[VrijeTekst, Field(description="Korte toelichting (geen persoonsgegevens, geen medische "
                                                      "details)")]
Rapportdatum = Annotated[FormDatum, Field(description="Datum van het rapport, JJJJ-MM-DD")]


def _tekst(v: Any, veld: str) -> Any:
    return controleer_tekst(v, veld, min_len=5) if isinstance(v, str) else v


Vastlegger = Annotated[Door, Field(description="Wie legt vast (e-mailadres of rol)")]


class Starten(Invoer):
    referentie: Referentie
    route: Annotated[Route, Field(description="regulier (met indicatie, loonkostensubsidie) of praktijkroute")]
    werkgever: Werkgever
    door: Vastlegger = "werkcoach"

    _route = field_validator("route", mode="before")(_kleine_letters)
    _werkgever = field_validator("werkgever", mode="before")(_regel(controleer_werkgever))


class Meting(Invoer):
    referentie: Referentie
    deskundige: Annotated[EmailAdres, Field(description="E-mailadres van de loonwaardedeskundige")]
    op: Annotated[FormDatum, Field(description="Datum van de meting op de werkplek, JJJJ-MM-DD (vandaag tot zes "
                                               "maanden vooruit)")]
    door: Vastlegger = "wsp"

    _deskundige = field_validator("deskundige", mode="before")(_regel(controleer_deskundige))


class Zienswijze(Invoer):
    referentie: Referentie
    van: Annotated[Partij, Field(description="werkgever of werknemer")]
    toelichting: Toelichting | None = None
    door: Vastlegger = "deskundige"

    _van = field_validator("van", mode="before")(_kleine_letters)
    _toelichting = field_validator("toelichting", mode="before")(_regel(_tekst))


class Rapport(Invoer):
    referentie: Referentie
    loonwaarde: Loonwaarde
    rapportdatum: Rapportdatum
    brief_werkgever: Annotated[FormDatum | None, Field(description="Praktijkroute onder 100%: datum van de "
                                                                   "loonwaardebrief aan de werkgever, JJJJ-MM-DD")] = None
    door: Vastlegger = "deskundige"

    _loonwaarde = field_validator("loonwaarde", mode="before")(_regel(parse_loonwaarde))


class Herbeoordeling(Invoer):
    referentie: Referentie
    loonwaarde: Annotated[Loonwaarde, Field(description="Nieuwe loonwaarde in hele procenten van het WML (0-100)")]
    rapportdatum: Annotated[FormDatum, Field(description="Datum van het nieuwe rapport, JJJJ-MM-DD")]
    door: Vastlegger = "werkcoach"

    _loonwaarde = field_validator("loonwaarde", mode="before")(_regel(parse_loonwaarde))


# -- the summaries (what every door shows when the step is done) ------------------------------------------
def _zienswijze(r: Mapping[str, Any]) -> str:
    verder = (f"nog nodig: {', '.join(r['ontbreekt'])}" if r["ontbreekt"]
              else f"rapport uiterlijk {r['rapport_due']} (taak {r['taak_id']})")
    return f"{r['referentie']}: zienswijze van de {r['van']} vastgelegd; {verder}."


def _rapport(r: Mapping[str, Any]) -> str:
    vervolg = {LKS_GEMELD: f"gemeld aan de gemeente; herbeoordeling uiterlijk {r.get('herbeoordeling')}",
               IB_BERICHT: "re-integratiebericht naar het Inlichtingenbureau; daarna doelgroepregister volgen",
               BOVEN_WML: "100%: geen re-integratiebericht"}[r["status"]]
    return f"{r['referentie']}: rapport vastgelegd, loonwaarde {r['loonwaarde']}%; {vervolg}."


STARTEN = Stap(PROCES, "starten", Starten, "Start een loonwaardemeting (regulier of praktijkroute); het WSP krijgt de "
               "taak de werkgever te benaderen en de meting te plannen.",
               lambda r: f"{r['referentie']}: loonwaardemeting ({r['route']}) gestart; het WSP benadert de werkgever "
                         f"uiterlijk {r['due']} (taak {r['taak_id']}).",
               label=LABEL, volgende=("meting",), commando="start")
METING = Stap(PROCES, "meting", Meting, "Plan de meting op de werkplek; de loonwaardedeskundige krijgt taken voor "
              "meting, zienswijzen en rapport.",
              lambda r: f"{r['referentie']}: meting gepland op {r['op']}; zienswijzen uiterlijk {r['zienswijzen_due']} "
                        f"(taak {r['taak_id']}).",
              label=LABEL, volgende=("zienswijze",))
ZIENSWIJZE = Stap(PROCES, "zienswijze", Zienswijze, "Leg de zienswijze van werkgever of werknemer vast; na beide "
                  "volgt het rapport.", _zienswijze, label=LABEL)
RAPPORT = Stap(PROCES, "rapport", Rapport, "Leg het rapport vast (loonwaarde in hele procenten van het WML): regulier "
               "naar de gemeente; praktijkroute onder 100% ook de datum van de loonwaardebrief, dan gaat het "
               "re-integratiebericht naar het Inlichtingenbureau.", _rapport, label=LABEL)
HERBEOORDELING = Stap(PROCES, "herbeoordeling", Herbeoordeling, "Leg de periodieke herbeoordeling vast; de gemeente "
                      "krijgt de nieuwe loonwaarde, de volgende staat klaar.",
                      lambda r: f"{r['referentie']}: herbeoordeling vastgelegd, loonwaarde {r['loonwaarde']}%; "
                                f"volgende uiterlijk {r['herbeoordeling']}.",
                      label=LABEL)

STAPPEN = (STARTEN, METING, ZIENSWIJZE, RAPPORT, HERBEOORDELING)
