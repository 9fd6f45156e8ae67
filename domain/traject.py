"""The traject: its states, the brede-intake outcome and which transitions are allowed."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel, Field

from domain.errors import TransitionRefused
from domain.herinneringen import lokale_datum
from domain.invoer import GEBOORTE_VROEGST, TEKST_PATROON, OngeldigeInvoer, controleer_email, controleer_naam, planning_grens
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


# The traject's own table (fase-level): which status may follow which. The one generic
# transition in the case store checks every step against it; no call site lists "from" states.
TRAJECT_OVERGANGEN: dict[Status, frozenset[Status]] = {
    Status.aangemeld: frozenset({Status.brede_intake_gepland, Status.afgesloten}),
    Status.brede_intake_gepland: frozenset({Status.wacht_op_uitkering, Status.tijdelijk_oponthoud,
                                            Status.voorliggende_voorziening, Status.afgesloten}),
    Status.wacht_op_uitkering: frozenset({Status.traject, Status.verlengde_intake, Status.afgesloten}),
    Status.traject: frozenset({Status.afgesloten}),
    Status.verlengde_intake: frozenset({Status.traject, Status.afgesloten}),
    Status.tijdelijk_oponthoud: frozenset({Status.traject, Status.afgesloten}),
    Status.voorliggende_voorziening: frozenset({Status.traject, Status.afgesloten}),
    Status.afgesloten: frozenset(),
}


def controleer_traject_open(referentie: str, status: str, wat: str) -> None:
    """The one rule every process's step applies first: nothing more happens on a closed traject."""
    if status == Status.afgesloten:
        raise TransitionRefused(f"{referentie} is afgesloten; {wat} kan niet meer.")


def traject_gebeurtenis(status: Status) -> str:
    """The typed event name of a traject status change, for reports: 'traject.<status>'."""
    return f"traject.{status.value}"


# Fase events (domain/fasen.py): traject.fase {van, naar}, traject.uitstroom, traject.deels_uitgestroomd.
TRAJECT_GEBEURTENISSEN = frozenset({"traject.aangemeld", "traject.fase", "traject.uitstroom", "traject.deels_uitgestroomd"}
                                   | {traject_gebeurtenis(s) for s in Status})


def controleer_traject_overgang(referentie: str, van: Status, naar: Status) -> None:
    toegestaan = TRAJECT_OVERGANGEN[van]
    if naar not in toegestaan:
        kan = ", ".join(STATUS_LABEL[s] for s in sorted(toegestaan)) or "niets meer"
        raise TransitionRefused(
            f"{referentie} staat op '{STATUS_LABEL[van]}'; '{STATUS_LABEL[naar]}' kan niet. Mogelijk: {kan}."
        )


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


def eigenaar_adres(eigenaar: Eigenaar, *, werkcoach: str, consulent: str) -> str:
    """Who receives an action's task: the consulent's own, everything else the werkcoach (who
    also follows up what the deelnemer must do)."""
    return consulent if eigenaar == Eigenaar.consulent else werkcoach


class Actie(BaseModel):
    """One action of the plan van aanpak; it becomes a staff task with reminders."""

    # The pattern reaches the Prefect form's JSON schema too: no line breaks or other control characters.
    omschrijving: str = Field(min_length=3, max_length=200, pattern=TEKST_PATROON,
                              description="Wat moet er gebeuren (geen persoonsgegevens)")
    eigenaar: Eigenaar = Field(description="Wie is eigenaar van de actie")
    deadline: date = Field(description="Uiterlijk klaar op")


class BredeIntakeUitkomst(BaseModel):
    advies: Advies = Field(description="Re-integratieadvies")
    route: Route = Field(description="Vervolgroute")
    # max_length becomes maxItems in the form's schema, so the Prefect server refuses 31 actions too.
    plan_van_aanpak: list[Actie] = Field(default_factory=list, max_length=30,
                                         description="Acties met eigenaar en deadline (hoogstens 30)")
    aanvraag_ontvangen_op: date | None = Field(
        default=None, description="Datum waarop de gemeente de uitkeringsaanvraag ontving, als die bekend is "
                                  "(anders telt werkpad voorlopig vanaf de vroegst mogelijke aanvraagdatum)")


_POSITIEVE_ROUTES = {Route.traject, Route.verlengde_intake}
_NEGATIEVE_ROUTES = {Route.verlengde_intake, Route.tijdelijk_oponthoud, Route.voorliggende_voorziening, Route.terug_naar_gemeente}


def controleer_uitkomst(status: Status, uitkomst: BredeIntakeUitkomst, vandaag: date,
                        aangemeld_op: date | None = None) -> None:
    """Refuse an outcome that does not fit the case or is inconsistent in itself (the aanvraag's date
    against the aanmelding: `controleer_aanvraagdatum`)."""
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
    if uitkomst.aanvraag_ontvangen_op is not None and aangemeld_op is not None:
        controleer_aanvraagdatum(uitkomst.aanvraag_ontvangen_op, aangemeld_op, vandaag)
    for i, a in enumerate(uitkomst.plan_van_aanpak, 1):
        if a.deadline < vandaag:
            raise TransitionRefused(
                f"Actie {i} ('{a.omschrijving}') heeft een deadline in het verleden ({a.deadline.isoformat()})."
            )
        if a.deadline > planning_grens(vandaag):
            raise TransitionRefused(
                f"Actie {i} ('{a.omschrijving}') heeft een deadline meer dan twee jaar vooruit ({a.deadline.isoformat()})."
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
    naam = controleer_naam(naam)
    werkcoach = controleer_email(werkcoach, "Werkcoach (--werkcoach)")
    if geboortedatum >= vandaag or geboortedatum < GEBOORTE_VROEGST:
        raise OngeldigeInvoer(f"Geboortedatum {geboortedatum.isoformat()} is niet mogelijk: kies een datum tussen "
                              f"{GEBOORTE_VROEGST.isoformat()} en vandaag.")
    return naam, werkcoach


# -- the gemeente's decision on the uitkering ---------------------------------------------

# The resultaattype on the gemeente's zaak when a traject closes before a fase (the fasen's own
# outcomes: domain/fasen.py RESULTAATTYPE). A gemeente refuses an eindstatus without a resultaat.
RESULTAAT_AFGEWEZEN = "Uitkering afgewezen"
RESULTAAT_TERUGMELDING = "Terugmelding naar gemeente"


class Uitkeringsbesluit(StrEnum):
    """Besluit van de gemeente op de uitkeringsaanvraag ("in behandeling" is nog geen besluit)."""

    # Dutch docstring on purpose: the Prefect form shows it next to the field.

    toegekend = "toegekend"
    afgewezen = "afgewezen"


AANVRAAG_VOOR_AANMELDING = timedelta(weeks=8)  # Awb 4:13 lid 2: the eight weeks of the beslistermijn


def vroegste_aanvraag_bij_traject(aangemeld_op: date) -> date:
    """The earliest aanvraag that can belong to this traject. The aanvraag may precede the aanmelding
    at IJmond Werkt! (someone over 27 applies at the gemeente, which sends them to the brede intake
    "aan de poort"), but only while the gemeente still has to decide on it: its beslistermijn is eight
    weeks (Awb 4:13 lid 2; the Pw sets none). An aanvraag more than eight weeks before the aanmelding
    would have been decided, or be overdue, before werkpad ever saw the person: it is an earlier
    aanvraag, or a typing error. (For someone under 27 the aanvraag follows the melding by four weeks,
    Pw art. 41 lid 4, unless the gemeente waived them; werkpad notes an earlier date, see
    tasks/uitkering.py, but does not refuse it.)"""
    return aangemeld_op - AANVRAAG_VOOR_AANMELDING


def controleer_aanvraagdatum(aanvraag_op: date, aangemeld_op: date, vandaag: date) -> date:
    """The day the gemeente received the aanvraag, as staff type it (brede intake, uitkeringsbesluit):
    not after today, and not before the earliest aanvraag that can belong to this traject
    (`vroegste_aanvraag_bij_traject`). A date the gemeente's own system reports is taken as it is."""
    vroegst = vroegste_aanvraag_bij_traject(aangemeld_op)
    if aanvraag_op > vandaag:
        raise OngeldigeInvoer(f"De aanvraagdatum {aanvraag_op.isoformat()} ligt in de toekomst.")
    if aanvraag_op < vroegst:
        raise OngeldigeInvoer(f"De aanvraagdatum {aanvraag_op.isoformat()} ligt vóór {vroegst.isoformat()}, meer dan "
                              f"acht weken (de beslistermijn, Awb 4:13) vóór de aanmelding op "
                              f"{aangemeld_op.isoformat()}: te lang vóór de aanmelding om bij dit traject te horen. "
                              "Onbekend? Laat de datum leeg.")
    return aanvraag_op


def controleer_besluit(getypt: str, volgens_gemeente: str) -> Uitkeringsbesluit:
    """A typed or passed-on decision counts only when the gemeente itself answers the same."""
    try:
        besluit = Uitkeringsbesluit(getypt)
    except ValueError:
        raise OngeldigeInvoer(f"Besluit '{getypt[:30]}' is onbekend; kies uit toegekend, afgewezen.") from None
    if volgens_gemeente == "in_behandeling":
        raise TransitionRefused(f"De gemeente heeft nog niet besloten (status: in behandeling), niet '{besluit.value}'; "
                                "er is niets gewijzigd.")
    if volgens_gemeente != besluit.value:
        raise TransitionRefused(f"De gemeente meldt '{volgens_gemeente}', niet '{besluit.value}'; er is niets gewijzigd.")
    return besluit


# -- a deelnemer registered again -----------------------------------------------------------

def gewijzigde_gegevens(*, oud_naam: str, oud_geboortedatum: date, naam: str, geboortedatum: date) -> list[str]:
    """Which identifying fields differ from what the store has for this BSN (names, not values)."""
    velden = []
    if " ".join(oud_naam.split()) != naam:
        velden.append("naam")
    if oud_geboortedatum != geboortedatum:
        velden.append("geboortedatum")
    return velden


# A repeat of an aanmelding whose answer was lost (the gemeente or the caller's connection failed after the
# commit) is answered with the traject it made; these are the statuses in which the traject is still just that.
HERHAALBAAR = frozenset({Status.aangemeld, Status.brede_intake_gepland})


def zelfde_aanmelding(*, status: str, gemeente: str, werkcoach: str, gewijzigd: list[str], nieuwe_gemeente: str,
                      nieuwe_werkcoach: str) -> bool:
    """Whether an open traject is this very aanmelding made before: same gemeente, werkcoach, naam and
    geboortedatum (`gewijzigd` empty), and nothing has happened on it beyond the planned intake. Anything else
    is a second traject for the same person, which stays refused."""
    return (Status(status) in HERHAALBAAR and gemeente == nieuwe_gemeente and not gewijzigd
            and werkcoach.lower() == nieuwe_werkcoach.lower())
