"""The traject: its states, the brede-intake outcome and which transitions are allowed."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, Field, field_validator

from domain.errors import TransitionRefused
from domain.herinneringen import lokale_datum
from domain.kalender import Kalender
from domain.termijnen import bereken_termijn


class Status(StrEnum):
    aangemeld = "aangemeld"
    brede_intake_gepland = "brede_intake_gepland"
    wacht_op_uitkering = "wacht_op_uitkering"
    traject = "traject"
    verlengde_intake = "verlengde_intake"
    tijdelijk_oponthoud = "tijdelijk_oponthoud"
    voorliggende_voorziening = "voorliggende_voorziening"
    afgesloten = "afgesloten"


OPEN_STATUSSEN = frozenset(Status) - {Status.afgesloten}

STATUS_LABEL = {
    Status.aangemeld: "Aangemeld",
    Status.brede_intake_gepland: "Brede intake gepland",
    Status.wacht_op_uitkering: "Wacht op uitkeringsbesluit gemeente",
    Status.traject: "Re-integratietraject gestart",
    Status.verlengde_intake: "Verlengde intake (AD&A)",
    Status.tijdelijk_oponthoud: "Tijdelijk oponthoud",
    Status.voorliggende_voorziening: "Voorliggende voorziening",
    Status.afgesloten: "Afgesloten",
}


class Advies(StrEnum):
    positief = "positief"
    negatief = "negatief"


class Route(StrEnum):
    traject = "traject"
    verlengde_intake = "verlengde-intake"
    tijdelijk_oponthoud = "tijdelijk-oponthoud"
    voorliggende_voorziening = "voorliggende-voorziening"
    terug_naar_gemeente = "terug-naar-gemeente"


class Eigenaar(StrEnum):
    werkcoach = "werkcoach"
    consulent = "consulent"
    deelnemer = "deelnemer"  # the werkcoach follows it up


class Actie(BaseModel):
    """One action of the plan van aanpak; it becomes a staff task with reminders."""

    omschrijving: str = Field(min_length=3, max_length=200, description="Wat moet er gebeuren (geen persoonsgegevens)")
    eigenaar: Eigenaar = Field(description="Wie is eigenaar van de actie")
    deadline: date = Field(description="Uiterlijk klaar op")


class BredeIntakeUitkomst(BaseModel):
    advies: Advies = Field(description="Re-integratieadvies")
    route: Route = Field(description="Vervolgroute")
    plan_van_aanpak: list[Actie] = Field(default_factory=list, description="Acties met eigenaar en deadline")
    aanvraag_ontvangen_op: date | None = Field(
        default=None, description="Datum waarop de gemeente de uitkeringsaanvraag ontving, als die bekend is "
                                  "(anders telt werkpad voorlopig vanaf de vroegst mogelijke aanvraagdatum)")

    @field_validator("plan_van_aanpak")
    @classmethod
    def _niet_te_veel(cls, v: list[Actie]) -> list[Actie]:
        if len(v) > 30:
            raise ValueError("Een plan van aanpak heeft hoogstens 30 acties.")
        return v


_POSITIEVE_ROUTES = {Route.traject, Route.verlengde_intake}
_NEGATIEVE_ROUTES = {Route.verlengde_intake, Route.tijdelijk_oponthoud, Route.voorliggende_voorziening, Route.terug_naar_gemeente}


def controleer_uitkomst(status: Status, uitkomst: BredeIntakeUitkomst, vandaag: date) -> None:
    """Refuse an outcome that does not fit the case or is inconsistent in itself."""
    if status != Status.brede_intake_gepland:
        raise TransitionRefused(
            f"Uitkomst brede intake kan niet worden vastgelegd: de traject-status is "
            f"'{STATUS_LABEL[status]}', niet '{STATUS_LABEL[Status.brede_intake_gepland]}'."
        )
    toegestaan = _POSITIEVE_ROUTES if uitkomst.advies == Advies.positief else _NEGATIEVE_ROUTES
    if uitkomst.route not in toegestaan:
        raise TransitionRefused(
            f"Route '{uitkomst.route.value}' past niet bij een {uitkomst.advies.value} re-integratieadvies; "
            f"kies uit {', '.join(r.value for r in sorted(toegestaan))}."
        )
    if uitkomst.route == Route.traject and not uitkomst.plan_van_aanpak:
        raise TransitionRefused("Een traject start niet zonder plan van aanpak: geef minstens één actie.")
    if uitkomst.aanvraag_ontvangen_op is not None and uitkomst.aanvraag_ontvangen_op > vandaag:
        raise TransitionRefused(
            f"De aanvraagdatum {uitkomst.aanvraag_ontvangen_op.isoformat()} ligt in de toekomst."
        )
    for a in uitkomst.plan_van_aanpak:
        if a.deadline < vandaag:
            raise TransitionRefused(
                f"Actie '{a.omschrijving}' heeft een deadline in het verleden ({a.deadline.isoformat()})."
            )


def status_na_uitkomst(route: Route) -> Status:
    return {
        Route.traject: Status.wacht_op_uitkering,
        Route.verlengde_intake: Status.wacht_op_uitkering,
        Route.tijdelijk_oponthoud: Status.tijdelijk_oponthoud,
        Route.voorliggende_voorziening: Status.voorliggende_voorziening,
        Route.terug_naar_gemeente: Status.afgesloten,
    }[route]


def status_na_toekenning(route: Route) -> Status:
    if route == Route.verlengde_intake:
        return Status.verlengde_intake
    return Status.traject


def leeftijd_op(geboortedatum: date, op: date) -> int:
    return op.year - geboortedatum.year - ((op.month, op.day) < (geboortedatum.month, geboortedatum.day))


def wachttermijn_soort(geboortedatum: date, melding: date) -> str:
    """Under-27s have the 4-week zoektermijn (Pw art. 41 lid 4); others the inspanningsperiode."""
    return "zoektermijn" if leeftijd_op(geboortedatum, melding) < 27 else "inspanningsperiode"


def vroegste_aanvraagdatum(geboortedatum: date, melding: date, kalender: Kalender) -> date:
    """The earliest day the uitkering can be applied for: the melding itself, or for a
    deelnemer under 27 the day the zoektermijn is over (Pw art. 41 lid 4: "pas ... vier weken
    na de melding"). The gemeente may waive the zoektermijn (Pw in balans); then the aanvraag
    date it reports is earlier, and that real date wins."""
    soort = wachttermijn_soort(geboortedatum, melding)
    if soort != "zoektermijn":
        return melding
    return bereken_termijn(soort, melding, kalender).einddatum


def beslistermijn_vanaf(*, aanvraag_op: date | None, vroegste: date) -> tuple[date, bool]:
    """The day the Awb 4:13 beslistermijn counts from, and whether that day is only an estimate.

    Known aanvraag: its date. Unknown: the earliest possible aanvraag date, so reminders come
    early rather than late; werkpad re-arms the deadline when the gemeente reports the date.
    """
    if aanvraag_op is not None:
        return aanvraag_op, False
    return vroegste, True


def referentie_jaar(nu: datetime) -> int:
    """The year in the public reference: the Dutch calendar year, not the UTC year."""
    return lokale_datum(nu).year


def referentie(jaar: int, volgnummer: int) -> str:
    return f"IJW-{jaar}-{volgnummer:06d}"


def controleer_aanmelding(*, naam: str, werkcoach: str, geboortedatum: date, vandaag: date) -> tuple[str, str]:
    """Refuse incomplete or impossible registration input; returns the cleaned naam and werkcoach."""
    naam = naam.strip()
    if not naam:
        raise TransitionRefused("Naam ontbreekt.")
    werkcoach = werkcoach.strip().lower()
    if "@" not in werkcoach or " " in werkcoach or werkcoach.startswith("@") or werkcoach.endswith("@"):
        raise TransitionRefused(f"Werkcoach '{werkcoach}' is geen e-mailadres.")
    if geboortedatum >= vandaag or geboortedatum.year < 1900:
        raise TransitionRefused(f"Geboortedatum {geboortedatum.isoformat()} is niet mogelijk.")
    return naam, werkcoach
