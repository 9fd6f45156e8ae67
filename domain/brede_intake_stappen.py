"""The brede intake's human step, declared once (domain/stap.py): the outcome (re-integratieadvies, route, plan van
aanpak). Its input model is what every door checks before anything starts; whether the outcome fits the case
(its status, route and advies, the actions' deadlines) is the step's guard (domain/traject.py controleer_uitkomst,
run by tasks/brede_intake.py inside its transaction)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import Field, field_validator

from domain.invoer import Door, FormDatum, Referentie
from domain.stap import Invoer, Stap
from domain.traject import STATUS_LABEL, Actie, Advies, BredeIntakeUitkomst, Route, Status

PROCES = "brede-intake"
ACTIE_VORM = "'omschrijving;eigenaar;JJJJ-MM-DD'"
MAX_ACTIES = 30


def _kleine_letters(v: Any) -> Any:
    return v.strip().lower() if isinstance(v, str) else v


def _actie(i: int, v: Any) -> Any:
    """An action as the CLI types it, 'omschrijving;eigenaar;JJJJ-MM-DD', or as a form sends it (an object)."""
    if not isinstance(v, str):
        return v
    delen = [d.strip() for d in v.split(";")]
    if len(delen) != 3:
        raise ValueError(f"Actie {i} moet de vorm {ACTIE_VORM} hebben")
    return {"omschrijving": delen[0], "eigenaar": delen[1].lower(), "deadline": delen[2]}


class Uitkomst(Invoer):
    referentie: Referentie
    advies: Annotated[Advies, Field(description="Re-integratieadvies: positief of negatief")]
    route: Annotated[Route, Field(description="Vervolgroute: " + ", ".join(r.value for r in Route))]
    plan_van_aanpak: Annotated[list[Actie], Field(max_length=MAX_ACTIES, description=(
        f"Acties met eigenaar (werkcoach, consulent, deelnemer) en deadline, hoogstens {MAX_ACTIES}; op de "
        f"opdrachtregel --actie {ACTIE_VORM}, herhaalbaar"))] = []
    aanvraag_ontvangen_op: Annotated[FormDatum | None, Field(description=(
        "Dag waarop de gemeente de uitkeringsaanvraag ontving, als die bekend is (anders telt werkpad voorlopig "
        "vanaf de vroegst mogelijke aanvraagdatum), JJJJ-MM-DD"))] = None
    door: Annotated[Door, Field(description="Wie legt vast (e-mailadres of rol)")] = "werkcoach"

    _advies = field_validator("advies", mode="before")(_kleine_letters)
    _route = field_validator("route", mode="before")(_kleine_letters)

    @field_validator("plan_van_aanpak", mode="before")
    @classmethod
    def _acties(cls, v: Any) -> Any:
        if isinstance(v, list | tuple):
            return [_actie(i, a) for i, a in enumerate(v, 1)]
        return v

    def als_uitkomst(self) -> BredeIntakeUitkomst:
        return BredeIntakeUitkomst(advies=self.advies, route=self.route, plan_van_aanpak=list(self.plan_van_aanpak),
                                   aanvraag_ontvangen_op=self.aanvraag_ontvangen_op)


def _status(r: Mapping[str, Any]) -> str:
    return f"{r['referentie']}: {STATUS_LABEL[Status(r['status'])]}"


# The deployment keeps its name (uitkomst-vastleggen: mails and the docs name the form); the command is `uitkomst`.
UITKOMST = Stap(PROCES, "uitkomst-vastleggen", Uitkomst, "Leg de uitkomst van de brede intake vast: advies, route "
                "en plan van aanpak. Alleen het trajectnummer, geen persoonsgegevens.",
                _status, label=PROCES, flow_naam="brede-intake-uitkomst", opties=(("plan_van_aanpak", "--actie"),),
                commando="uitkomst")

STAPPEN = (UITKOMST,)
