"""Loonwaardemeting, regular route and praktijkroute (domain-law-and-interfaces §B.3, §B.5).

Regular route (the deelnemer has an indicatie banenafspraak or NBW; the werkgever wants
loonkostensubsidie): the WSP contacts the werkgever, a loonwaardedeskundige measures at the
workplace, werkgever and werknemer give their zienswijze, the rapport states the loonwaarde as a
whole percentage of the WML, IJmond Werkt! reports it to the gemeente (which grants the LKS,
Participatiewet art. 10d), and the loonwaarde is re-assessed periodically (art. 10d lid 3: the
college sets the period; per gemeente in werkpad/gemeenten.toml, default yearly).

Praktijkroute (no indicatie; in a stage or stuck at work): the same measurement; a loonwaarde
below 100% WML is reported to the Inlichtingenbureau in the DKD re-integratiebericht (code
arbeidsvermogen onder WML = 1, the date of the loonwaardebrief to the werkgever, the percentage),
after which UWV registers the deelnemer in the doelgroepregister (domain/doelgroepregister.py
watches for it) and a jobcoach is coupled. At 100% there is no bericht.

Grounds: Pw art. 10d; Besluit loonkostensubsidie Participatiewet 2021 (uniform method at the
actual workplace, zienswijze of werkgever and werknemer before the rapport, loonwaarde rounded to
a whole percentage); the praktijkroute as the Inlichtingenbureau describes it. The terms for the
zienswijzen and the rapport are organisation norms of IJmond Werkt!, not law.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from domain.errors import TransitionRefused
from domain.invoer import NEGEN_CIJFERS, OngeldigeInvoer, controleer_email, controleer_tekst
from domain.kalender import Kalender
from domain.proces import Proces, overgangen
from domain.traject import controleer_traject_open as traject_open

(WERKGEVER_BENADEREN, METING_GEPLAND, ZIENSWIJZEN, LKS_GEMELD, IB_BERICHT, WACHT_OP_REGISTER, JOBCOACH_GEKOPPELD,
 BOVEN_WML, VERVALLEN) = ("werkgever_benaderen", "meting_gepland", "zienswijzen", "lks_gemeld", "ib_bericht",
                          "wacht_op_register", "jobcoach_gekoppeld", "boven_wml", "vervallen")

LOONWAARDEMETING = Proces(
    naam="loonwaardemeting",
    label="Loonwaardemeting",
    statussen={WERKGEVER_BENADEREN: "Werkgever benaderen", METING_GEPLAND: "Meting gepland",
               ZIENSWIJZEN: "Zienswijzen", LKS_GEMELD: "Gemeld aan de gemeente (LKS)",
               IB_BERICHT: "Re-integratiebericht naar het Inlichtingenbureau",
               WACHT_OP_REGISTER: "Wacht op registratie doelgroepregister",
               JOBCOACH_GEKOPPELD: "Jobcoach gekoppeld", BOVEN_WML: "Loonwaarde 100% (geen bericht)",
               VERVALLEN: "Vervallen"},
    start=WERKGEVER_BENADEREN,
    overgangen=overgangen(werkgever_benaderen=(METING_GEPLAND, VERVALLEN), meting_gepland=(ZIENSWIJZEN, VERVALLEN),
                          zienswijzen=(LKS_GEMELD, IB_BERICHT, BOVEN_WML, VERVALLEN), lks_gemeld=(VERVALLEN,),
                          ib_bericht=(WACHT_OP_REGISTER, VERVALLEN), wacht_op_register=(JOBCOACH_GEKOPPELD, VERVALLEN),
                          jobcoach_gekoppeld=(), boven_wml=(), vervallen=()),
    gebeurtenissen=frozenset({"loonwaardemeting.gestart", "loonwaardemeting.meting_gepland",
                              "loonwaardemeting.zienswijze", "loonwaardemeting.rapport",
                              "loonwaardemeting.lks_gemeld", "loonwaardemeting.ib_bericht",
                              "loonwaardemeting.ib_ontvangen", "loonwaardemeting.boven_wml",
                              "loonwaardemeting.jobcoach_gekoppeld", "loonwaardemeting.herbeoordeling",
                              "loonwaardemeting.vervallen"}),
)

# Codes of its taken (stable: closed by code, never by title).
WERKGEVER_TAAK = "loonwaardemeting.werkgever"  # WSP: contact the werkgever, plan the meting
METING_TAAK = "loonwaardemeting.meting"  # the loonwaardedeskundige measures at the workplace
ZIENSWIJZE_TAAK = "loonwaardemeting.zienswijzen"  # the deskundige collects both zienswijzen
RAPPORT_TAAK = "loonwaardemeting.rapport"  # the deskundige finalises the rapport
HERBEOORDELING_TAAK = "loonwaardemeting.herbeoordeling"  # the werkcoach: periodic re-assessment (regulier)
JOBCOACH_TAAK = "loonwaardemeting.jobcoach"  # the WSP/jobcoach pool: couple a jobcoach (praktijkroute)

GRONDSLAG = "Pw art. 10d; Besluit loonkostensubsidie Participatiewet 2021"
GRONDSLAG_PRAKTIJKROUTE = "Praktijkroute (Inlichtingenbureau, DKD re-integratiebericht); Pw art. 10d"
GRONDSLAG_NORM = "Werkafspraak IJmond Werkt! (organisatienorm)"
STATUSTYPE = "Loonwaardemeting"  # a ZGW status only if the gemeente's catalogue has it (not in the simulator)

WERKGEVER_WERKDAGEN = 10  # organisation norm: the WSP contacts the werkgever and plans the meting
ZIENSWIJZE_WERKDAGEN = 10  # organisation norm: both zienswijzen after the meting
RAPPORT_WERKDAGEN = 10  # organisation norm: the rapport after the second zienswijze
JOBCOACH_WERKDAGEN = 10  # organisation norm: a jobcoach coupled after the registration
METING_MAX_MAANDEN = 6  # a meting is planned at most this far ahead
HERBEOORDELING_MAANDEN = 12  # default when a gemeente sets none (Pw art. 10d lid 3: "periodiek")
VOLLEDIG = 100  # % WML: at 100 the deelnemer earns the WML; no praktijkroute bericht


class Route(StrEnum):
    """Regulier (met indicatie, loonkostensubsidie) of praktijkroute (zonder indicatie)."""

    # Dutch docstring on purpose: the Prefect form shows it next to the field.
    regulier = "regulier"
    praktijkroute = "praktijkroute"


class Partij(StrEnum):
    """Wie de zienswijze geeft."""

    werkgever = "werkgever"
    werknemer = "werknemer"


def parse_loonwaarde(value: object, veld: str = "--loonwaarde") -> int:
    """The loonwaarde as a whole percentage of the WML, 0..100 (Besluit lks Pw 2021: rounded to whole %)."""
    if isinstance(value, bool):
        raise OngeldigeInvoer(f"{veld} is een heel percentage van 0 tot en met 100.")
    if isinstance(value, int):
        pct = value
    elif isinstance(value, float) and value.is_integer():
        pct = int(value)
    elif isinstance(value, str) and re.fullmatch(r"\s*-?[0-9]{1,4}\s*%?\s*", value):
        pct = int(value.strip().rstrip("%"))
    elif isinstance(value, str) and not re.fullmatch(r"\s*-?[0-9]+([.,][0-9]+)?\s*%?\s*", value):
        raise OngeldigeInvoer(f"{veld} '{str(value)[:20]}' is geen getal; geef de loonwaarde als heel percentage van "
                              "het wettelijk minimumloon, bijv. 72.")
    else:
        shown = str(value)[:20]
        raise OngeldigeInvoer(f"{veld} '{shown}' is geen heel percentage; de loonwaarde wordt op hele procenten "
                              "afgerond (Besluit loonkostensubsidie Participatiewet 2021), bijv. 72.")
    if not 0 <= pct <= VOLLEDIG:
        raise OngeldigeInvoer(f"{veld} {pct} ligt buiten 0 tot en met 100 (procent van het wettelijk minimumloon).")
    return pct


def controleer_werkgever(value: str | None, veld: str = "--werkgever") -> str:
    """The werkgever's name (an organisation): one line of 2-100 characters, no BSN-like digit runs."""
    return controleer_tekst(value, veld, min_len=2, max_len=100)


def controleer_deskundige(value: str | None, veld: str = "--deskundige") -> str:
    """The loonwaardedeskundige's address; a nine-digit run (a BSN?) is refused and never echoed."""
    if NEGEN_CIJFERS.search(value or ""):
        raise OngeldigeInvoer(f"{veld} bevat een reeks van negen cijfers (een BSN?); geef het e-mailadres van de "
                              "loonwaardedeskundige.")
    return controleer_email(value, veld)


def ib_bericht_nodig(route: Route, loonwaarde: int) -> bool:
    """Only the praktijkroute, and only below 100% WML, reports to the Inlichtingenbureau."""
    return route == Route.praktijkroute and loonwaarde < VOLLEDIG


def controleer_praktijkroute_mogelijk(referentie: str, banenafspraak_op: str | None, register: str | None,
                                      register_sinds: str | None) -> None:
    """The praktijkroute is for someone without an indicatie: its re-integratiebericht makes the
    Inlichtingenbureau signal UWV, which registers the deelnemer in the doelgroepregister. Where that
    registration comes, or came, another way the praktijkroute has nothing to add, and its watch on the
    register could not start beside the running one: it is refused at the start, and the regular route
    (loonkostensubsidie with the indicatie, Pw art. 10d) is the one to take.
    `banenafspraak_op`: the date of a positive indicatie banenafspraak (any traject of the deelnemer);
    `register`: the doelgroepregister watch of this traject, "wacht" (running) or "geregistreerd" (found),
    with its date in `register_sinds`; None for neither."""
    if banenafspraak_op is not None:
        raise TransitionRefused(f"{referentie}: UWV gaf op {banenafspraak_op} een positieve indicatie "
                                "banenafspraak; de praktijkroute is voor wie geen indicatie heeft. Kies route "
                                "regulier. Er is niets gewijzigd.")
    if register == "wacht":
        raise TransitionRefused(f"{referentie}: werkpad volgt de inschrijving in het doelgroepregister al (sinds "
                                f"{register_sinds}); de praktijkroute zou UWV een tweede signaal geven. Kies route "
                                "regulier. Er is niets gewijzigd.")
    if register == "geregistreerd":
        raise TransitionRefused(f"{referentie}: de deelnemer staat al in het doelgroepregister (sinds "
                                f"{register_sinds}); de praktijkroute is niet meer nodig. Kies route regulier. Er is "
                                "niets gewijzigd.")


def controleer_meting_datum(op: date, vandaag: date) -> date:
    if op < vandaag:
        raise OngeldigeInvoer(f"De meetdatum {op.isoformat()} ligt in het verleden; kies vandaag of later.")
    if op > vandaag + relativedelta(months=METING_MAX_MAANDEN):
        raise OngeldigeInvoer(f"De meetdatum {op.isoformat()} ligt meer dan {METING_MAX_MAANDEN} maanden vooruit.")
    return op


def controleer_zienswijze(partij: Partij, gegeven: list[str], meting_op: date, vandaag: date) -> None:
    if vandaag < meting_op:
        raise TransitionRefused(f"De meting is pas op {meting_op.isoformat()}; een zienswijze volgt na de meting.")
    if partij.value in gegeven:
        raise TransitionRefused(f"De zienswijze van de {partij.value} is al vastgelegd.")


def ontbrekende_zienswijzen(gegeven: list[str]) -> list[str]:
    return [p.value for p in Partij if p.value not in gegeven]


def controleer_rapport(route: Route, loonwaarde: int, rapportdatum: date, brief: date | None, meting_op: date,
                       vandaag: date, gegeven: list[str]) -> None:
    """The rapport follows both zienswijzen (Besluit: the zienswijzen come before the rapport is final),
    is dated between the meting and today; the praktijkroute below 100% needs the loonwaardebrief's
    date (the IB bericht's DatBReintegratieInzet), not in the future and not before the rapport."""
    ontbreekt = ontbrekende_zienswijzen(gegeven)
    if ontbreekt:
        raise TransitionRefused(f"Het rapport kan pas na beide zienswijzen; nog niet vastgelegd: {', '.join(ontbreekt)}.")
    if rapportdatum > vandaag:
        raise OngeldigeInvoer(f"De rapportdatum {rapportdatum.isoformat()} ligt in de toekomst.")
    if rapportdatum < meting_op:
        raise OngeldigeInvoer(f"De rapportdatum {rapportdatum.isoformat()} ligt vóór de meting "
                              f"({meting_op.isoformat()}).")
    if ib_bericht_nodig(route, loonwaarde):
        if brief is None:
            raise OngeldigeInvoer("Praktijkroute onder 100%: geef de datum van de loonwaardebrief aan de werkgever "
                                  "(--brief-werkgever); die gaat als datum naar het Inlichtingenbureau.")
        controleer_briefdatum(brief, rapportdatum, meting_op, vandaag)
    elif brief is not None and route == Route.regulier:
        raise OngeldigeInvoer("De datum van de loonwaardebrief (--brief-werkgever) hoort alleen bij de praktijkroute.")


def controleer_briefdatum(brief: date, rapportdatum: date, meting_op: date, vandaag: date) -> None:
    if brief > vandaag:
        raise OngeldigeInvoer(f"De datum van de loonwaardebrief {brief.isoformat()} ligt in de toekomst.")
    if brief < meting_op:
        raise OngeldigeInvoer(f"De datum van de loonwaardebrief {brief.isoformat()} ligt vóór de meting "
                              f"({meting_op.isoformat()}).")
    if brief < rapportdatum:
        raise OngeldigeInvoer(f"De loonwaardebrief ({brief.isoformat()}) noemt de loonwaarde uit het rapport en kan "
                              f"niet vóór de rapportdatum {rapportdatum.isoformat()} liggen.")


def herbeoordeling_due(rapportdatum: date, maanden: int, kalender: Kalender) -> date:
    """The periodic re-assessment: the rapport date plus the gemeente's period, on the werkdag before."""
    return kalender.vorige_werkdag(rapportdatum + relativedelta(months=maanden), inclusief=True)


def werkdagen_na(d: date, n: int, kalender: Kalender) -> date:
    return kalender.werkdagen_erbij(kalender.vorige_werkdag(d, inclusief=True), n)


def controleer_traject_open(referentie: str, traject_status: str) -> None:
    """Every step of the loonwaardemeting needs a traject that is not closed."""
    traject_open(referentie, traject_status, "een loonwaardemeting")  # the one rule (domain/traject.py)


def controleer_stap(referentie: str, stap_status: str, statussen: Sequence[str], wat: str) -> None:
    """A step of the loonwaardemeting needs its instance in one of `statussen`."""
    if stap_status not in statussen:
        raise TransitionRefused(f"{referentie}: loonwaardemeting staat op "
                                f"'{LOONWAARDEMETING.status_label(stap_status)}'; {wat} kan nu niet.")


def controleer_herbeoordeling_datum(rapportdatum: date, vorige: date, vandaag: date) -> None:
    """A herbeoordeling's rapport is not in the future and comes after the previous rapport."""
    if rapportdatum > vandaag:
        raise TransitionRefused(f"De rapportdatum {rapportdatum.isoformat()} ligt in de toekomst.")
    if rapportdatum <= vorige:
        raise TransitionRefused(f"De rapportdatum {rapportdatum.isoformat()} ligt niet na het vorige rapport "
                                f"({vorige.isoformat()}).")
