"""Indicatie aanvragen bij UWV: indicatie banenafspraak (beoordeling arbeidsvermogen) or advies beschut werk.

Started by a werkcoach (or by the decision on AD&A's advies after a verlengde intake). The
werkcoach first gathers stage reports and findings (a task), then submits the aanvraag through
the UWV channel (`integrations/uwv/`: HTTP, or by hand with a staff task). UWV confirms receipt
(ontvangstbevestiging; its service norm is five days, a reminder when it stays out) and decides
within eight weeks of receipt (a reminding term and a waking timer the werkdag after it).

The terms and their grounds:

* ontvangstbevestiging: five days after submission, **servicenorm UWV** (not law);
* banenafspraak: UWV's beoordeling arbeidsvermogen is a beschikking on an aanvraag; no specific
  statutory term, so **Awb art. 4:13 lid 2** (at the latest eight weeks after receipt), a
  statutory term to which the Algemene termijnenwet applies (`domain/termijnen.py`,
  soort `uwv-beoordeling`);
* beschut werk: UWV advises the college (Pw art. 10b lid 2, Besluit advisering beschut werk);
  an advies is no beschikking and werkpad knows no statutory term for it, so the eight weeks
  are a **servicenorm UWV** (configurable, no Atw).

Outcomes: banenafspraak positief → the doelgroepregister is checked and the WSP starts the
garantiebaan route; beschut werk positief → the gemeente decides (Pw art. 10b) → plaatsing
within the gemeente's yearly quotum, else the wachtlijst; negatief → the werkcoach decides
what follows; after a negative advies beschut werk a new aanvraag waits twelve months unless
circumstances changed (a recorded reason).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from domain.errors import TransitionRefused
from domain.kalender import Kalender
from domain.proces import Proces, overgangen
from domain.termijnen import bereken_termijn
from domain.traject import controleer_traject_open as traject_open

(VOORBEREIDEN, IN_TE_DIENEN, INGEDIEND, ONTVANGEN, TE_LAAT, GEMEENTEBESLUIT, WACHTLIJST, GEPLAATST, GARANTIEBAAN,
 AFGEWEZEN, VERVALLEN) = ("voorbereiden", "in_te_dienen", "ingediend", "ontvangen", "beslistermijn_verstreken",
                          "gemeentebesluit", "wachtlijst", "geplaatst", "garantiebaan", "afgewezen", "vervallen")

_BESLIST = (GARANTIEBAAN, GEMEENTEBESLUIT, AFGEWEZEN, VERVALLEN)

INDICATIE = Proces(
    naam="indicatie",
    label="Indicatie",
    statussen={VOORBEREIDEN: "Voorbereiden", IN_TE_DIENEN: "In te dienen bij UWV", INGEDIEND: "Ingediend bij UWV",
               ONTVANGEN: "Ontvangen door UWV", TE_LAAT: "Beslistermijn UWV verstreken",
               GEMEENTEBESLUIT: "Besluit gemeente beschut werk", WACHTLIJST: "Wachtlijst beschut werk",
               GEPLAATST: "Geplaatst (beschut werk)", GARANTIEBAAN: "Garantiebaan-route",
               AFGEWEZEN: "Afgewezen", VERVALLEN: "Vervallen"},
    start=VOORBEREIDEN,
    overgangen=overgangen(voorbereiden=(IN_TE_DIENEN, VERVALLEN), in_te_dienen=(INGEDIEND, VERVALLEN),
                          ingediend=(ONTVANGEN, VERVALLEN), ontvangen=(TE_LAAT, *_BESLIST), beslistermijn_verstreken=_BESLIST,
                          gemeentebesluit=(GEPLAATST, WACHTLIJST, AFGEWEZEN, VERVALLEN), wachtlijst=(GEPLAATST, VERVALLEN),
                          geplaatst=(), garantiebaan=(), afgewezen=(), vervallen=()),
    gebeurtenissen=frozenset({"indicatie.gestart", "indicatie.omstandigheden_gewijzigd", "indicatie.in_te_dienen",
                              "indicatie.ingediend", "indicatie.ontvangen", "indicatie.beslistermijn_verstreken",
                              "indicatie.beslist", "indicatie.doelgroepregister_te_controleren",
                              "indicatie.garantiebaan", "indicatie.gemeentebesluit", "indicatie.geplaatst",
                              "indicatie.wachtlijst", "indicatie.afgewezen", "indicatie.vervallen"}),
)

# Codes of its taken and deadlines (closed by code, never by title).
VOORBEREIDEN_TAAK = "indicatie.voorbereiden"  # werkcoach: stageverslagen en bevindingen verzamelen
INDIENEN_TAAK = "indicatie.indienen"  # werkcoach, manual channel: the form to UWV, then the date
ONTVANGST_TERMIJN = "indicatie.ontvangst"  # servicenorm: UWV confirms receipt within five days
BESLISTERMIJN = "indicatie.beslistermijn"  # the decision term (reminders to the werkcoach)
BESLIS_WEKKER = "indicatie.beslistermijn_wekker"  # the waking timer, the werkdag after the term
ESCALATIE_TAAK = "indicatie.escalatie"  # the teamleider, when the timer woke the case
GEMEENTEBESLUIT_TAAK = "indicatie.gemeentebesluit"  # the gemeente's consulent decides on beschut werk
GARANTIEBAAN_TAAK = "indicatie.garantiebaan"  # WSP: start the garantiebaan route
PLAATSING_TAAK = "indicatie.plaatsing"  # WSP: place on a beschutte werkplek (NBW)
VERVOLG_TAAK = "indicatie.vervolg"  # werkcoach: what follows a negative outcome

WEKT = "indicatie-termijn-verlopen/termijn-verlopen"
GRONDSLAG_WERK = "Werkafspraak IJmond Werkt! (indicatie aanvragen bij UWV)"
GRONDSLAG_ONTVANGST = "Servicenorm UWV: ontvangstbevestiging binnen vijf dagen (geen wettelijke termijn)"
GRONDSLAG_BESCHUT = ("Servicenorm UWV: advies beschut werk binnen {weken} weken na ontvangst (Pw art. 10b lid 2, "
                     "Besluit advisering beschut werk; geen wettelijke beslistermijn, geen Atw)")
GRONDSLAG_GEMEENTE = "Participatiewet art. 10b (het college beslist over beschut werk)"

ONTVANGST_DAGEN = 5
BESCHUT_WERK_WEKEN = 8  # default; the settings may set another number (WERKPAD_INDICATIE__BESCHUT_WERK_WEKEN)
VOORBEREIDEN_WERKDAGEN = 10
ESCALATIE_WERKDAGEN = 3
VERVOLG_WERKDAGEN = 5
BLOKKADE_MAANDEN = 12


class Soort(StrEnum):
    """Wat wordt bij UWV aangevraagd."""

    # Dutch docstring on purpose: the Prefect form shows it next to the field.
    banenafspraak = "banenafspraak"
    beschut_werk = "beschut-werk"

    @property
    def label(self) -> str:
        return SOORT_LABEL[self]

    @property
    def uwv(self) -> str:
        """The soort in the UWV contract (integrations/uwv/contract.py)."""
        return "banenafspraak" if self == Soort.banenafspraak else "beschut_werk"


SOORT_LABEL = {Soort.banenafspraak: "indicatie banenafspraak (beoordeling arbeidsvermogen)",
               Soort.beschut_werk: "advies beschut werk"}


class Uitkomst(StrEnum):
    """Uitkomst van UWV: positief of negatief."""

    positief = "positief"
    negatief = "negatief"


class GemeenteBesluit(StrEnum):
    """Besluit van de gemeente op een positief advies beschut werk."""

    toekennen = "toekennen"
    afwijzen = "afwijzen"


class BijlageSoort(StrEnum):
    """Soort bijlage bij de aanvraag (alleen een beschrijving gaat naar UWV)."""

    stageverslag = "stageverslag"
    bevindingen = "bevindingen"
    arbeidsdiagnose = "arbeidsdiagnose"
    loonwaarderapport = "loonwaarderapport"
    overig = "overig"


BIJLAGE_LABEL = {BijlageSoort.stageverslag: "Stageverslag", BijlageSoort.bevindingen: "Bevindingen IJmond Werkt!",
                 BijlageSoort.arbeidsdiagnose: "Arbeidsdiagnose", BijlageSoort.loonwaarderapport: "Loonwaarderapport",
                 BijlageSoort.overig: "Overige bijlage"}


# -- pure rules -------------------------------------------------------------------------------

def controleer_volgorde(referentie: str, op: date, eerder: str | None, wat: str, eerder_wat: str) -> None:
    """A date of UWV's may not lie before the step it answers (receipt before submission, decision
    before receipt). `eerder`: the earlier step's ISO date, None when not recorded."""
    if eerder is not None and op < date.fromisoformat(eerder):
        raise TransitionRefused(f"{referentie}: {wat} {op.isoformat()} ligt vóór {eerder_wat} ({eerder}).")


def controleer_na_aanvraag(referentie: str, op: date, aanvraag_op: date, wat: str) -> None:
    """A date typed for a later step never lies before the aanvraag it follows: the form goes to UWV,
    and UWV confirms its receipt, only after the aanvraag was made ready (the step `indienen`, itself
    after the aanmelding). An earlier date would start UWV's term in the past, so the sweep would
    wake the case at once and tell the teamleider to consider an ingebrekestelling (Awb 4:13, 4:17)
    for an aanvraag prepared today. `aanvraag_op`: the day the aanvraag was made ready."""
    if op < aanvraag_op:
        raise TransitionRefused(f"{referentie}: {wat} {op.isoformat()} ligt vóór de aanvraag van "
                                f"{aanvraag_op.isoformat()} (klaar voor UWV); een latere stap kan niet eerder "
                                "liggen. Er is niets gewijzigd.")


def ontvangst_due(ingediend_op: date) -> date:
    """UWV's service norm: an ontvangstbevestiging within five days of the submission (not law)."""
    return ingediend_op + timedelta(days=ONTVANGST_DAGEN)


@dataclass(frozen=True)
class Beslistermijn:
    due: date
    wekker: date  # the werkdag after: the case wakes
    grondslag: str
    wettelijk: bool
    toelichting: str


def beslistermijn(soort: Soort, ontvangen_op: date, kalender: Kalender,
                  beschut_werk_weken: int = BESCHUT_WERK_WEKEN) -> Beslistermijn:
    """UWV's term from receipt. Banenafspraak: Awb 4:13 lid 2, statutory, so the Atw applies
    (computed in domain/termijnen.py). Beschut werk: a service norm of N weeks, no Atw."""
    if soort == Soort.banenafspraak:
        t = bereken_termijn("uwv-beoordeling", ontvangen_op, kalender)
        return Beslistermijn(t.einddatum, kalender.werkdagen_erbij(t.einddatum, 1),
                             f"{t.grondslag}: beschikking op aanvraag, uiterlijk acht weken na ontvangst",
                             True, t.atw_toelichting)
    due = ontvangen_op + timedelta(weeks=beschut_werk_weken)
    return Beslistermijn(due, kalender.werkdagen_erbij(due, 1), GRONDSLAG_BESCHUT.format(weken=beschut_werk_weken),
                         False, "Algemene termijnenwet niet van toepassing: geen termijn uit wet of AMvB.")


def blokkade_tot(negatief_op: date) -> date:
    """After a negative advies beschut werk a new aanvraag waits twelve months (UWV's rule)."""
    return negatief_op + relativedelta(months=BLOKKADE_MAANDEN)


def controleer_nieuwe_aanvraag(soort: Soort, laatste_negatief_beschut: date | None, vandaag: date,
                               omstandigheden_gewijzigd: str | None) -> str | None:
    """Refuse a new aanvraag beschut werk within twelve months of a negative advies, with the date
    it ends, unless changed circumstances are given (returned, to be recorded)."""
    if soort != Soort.beschut_werk or laatste_negatief_beschut is None:
        return None
    tot = blokkade_tot(laatste_negatief_beschut)
    if vandaag >= tot:
        return None
    if omstandigheden_gewijzigd:
        return omstandigheden_gewijzigd
    raise TransitionRefused(
        f"Na het negatieve advies beschut werk van {laatste_negatief_beschut.isoformat()} kan een nieuwe aanvraag "
        f"pas vanaf {tot.isoformat()}, tenzij de omstandigheden gewijzigd zijn (--omstandigheden-gewijzigd \"…\").")


def plaatsing_mogelijk(geplaatst_dit_jaar: int, quotum: int) -> bool:
    """Pw art. 10b: the gemeente offers a beschutte werkplek up to its yearly quotum; else the wachtlijst."""
    return geplaatst_dit_jaar < quotum


def vervolg_taak(soort: Soort, uitkomst: Uitkomst) -> str:
    """The werkcoach's task after a negative outcome."""
    if soort == Soort.banenafspraak:
        return "UWV: geen indicatie banenafspraak. Bepaal het vervolg van het traject (fase, ander onderzoek)"
    return ("UWV: negatief advies beschut werk. Bepaal het vervolg; een nieuwe aanvraag kan pas na twaalf maanden, "
            "tenzij de omstandigheden wijzigen")


def escalatie_titel(soort: Soort) -> str:
    if soort == Soort.banenafspraak:
        return ("UWV heeft niet beslist binnen de termijn (Awb 4:13): navragen bij UWV, ingebrekestelling "
                "overwegen (Awb 4:17)")
    return "UWV heeft niet geadviseerd binnen de servicenorm (beschut werk): navragen bij UWV"


def controleer_traject_open(referentie: str, traject_status: str) -> None:
    """Every step of the indicatie needs a traject that is not closed."""
    traject_open(referentie, traject_status, "een indicatie")  # the one rule (domain/traject.py)


def controleer_stap(referentie: str, stap_status: str, statussen: Sequence[str], wat: str) -> None:
    """A step of the indicatie needs its instance in one of `statussen`."""
    if stap_status not in statussen:
        raise TransitionRefused(f"{referentie}: de indicatie staat op '{INDICATIE.status_label(stap_status)}'; "
                                f"{wat} kan nu niet.")


def controleer_wekker_bereikt(referentie: str, wekker: date, vandaag: date) -> None:
    """UWV's term is over only when its timer's date has come: a run by hand before it is refused."""
    if vandaag < wekker:
        raise TransitionRefused(f"{referentie}: de termijn van UWV loopt nog; de wekker gaat op {wekker.isoformat()}.")


def controleer_handmatig_kanaal(referentie: str, kanaal: str | None) -> None:
    """The date of submitting is recorded by hand only on the manual channel; UWV's link gives its own."""
    if kanaal != "handmatig":
        raise TransitionRefused(f"{referentie}: de aanvraag gaat via de koppeling met UWV; de datum van indienen "
                                "komt van UWV zelf.")
