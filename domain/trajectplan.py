"""The trajectplan of a traject: goals (doelen) with actions (acties), and referrals to a
voorliggende voorziening (taal at a college, schuldhulp, zorg, …) as actions with a follow-up date.

Pure rules: states, codes, events and the checks every door applies. An open action is a staff
task (code `trajectplan.actie`, a referral's follow-up `trajectplan.verwijzing`) for its owner,
due on its date, reminded and escalated like every task.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from domain.errors import TransitionRefused
from domain.invoer import NEGEN_CIJFERS, OngeldigeInvoer, controleer_email, controleer_tekst, planning_grens
from domain.traject import OPEN_STATUSSEN, Status

# -- states ------------------------------------------------------------------------------------
DOEL_STATUSSEN = ("open", "behaald", "vervallen")
ACTIE_STATUSSEN = ("open", "gedaan", "vervallen")
ACTIE_STATUS_LABEL = {"open": "open", "gedaan": "gedaan", "vervallen": "vervallen"}


class Soort(StrEnum):
    actie = "actie"
    verwijzing = "verwijzing"


class Voorziening(StrEnum):
    """Voorliggende voorzieningen waarheen een werkcoach verwijst."""

    taal = "taal"
    schuldhulp = "schuldhulp"
    zorg = "zorg"
    ggz = "ggz"
    verslavingszorg = "verslavingszorg"
    maatschappelijk_werk = "maatschappelijk-werk"
    inburgering = "inburgering"

    @property
    def label(self) -> str:
        return VOORZIENING_LABEL[self]


VOORZIENING_LABEL = {
    Voorziening.taal: "Taal (bijv. NT2 bij een college)",
    Voorziening.schuldhulp: "Schuldhulpverlening",
    Voorziening.zorg: "Zorg",
    Voorziening.ggz: "GGZ",
    Voorziening.verslavingszorg: "Verslavingszorg",
    Voorziening.maatschappelijk_werk: "Maatschappelijk werk",
    Voorziening.inburgering: "Inburgering",
}


class Opvolging(StrEnum):
    """Wat de werkcoach bij de opvolgdatum van een verwijzing vaststelt."""

    gestart = "gestart"
    afgerond = "afgerond"
    niet_gestart = "niet-gestart"


# -- codes and events (one stem: trajectplan) -----------------------------------------------------
ACTIE_TAAK = "trajectplan.actie"  # code of the owner's task for an open action
VERWIJZING_TAAK = "trajectplan.verwijzing"  # code of the werkcoach's follow-up task of a referral
TAKEN = frozenset({ACTIE_TAAK, VERWIJZING_TAAK})
DOEL_GEBEURTENIS = "trajectplan.doel"  # data {doel_id}
DOEL_BEHAALD_GEBEURTENIS = "trajectplan.doel_behaald"  # data {doel_id, vervallen_acties}
ACTIE_GEBEURTENIS = "trajectplan.actie"  # data {actie_id, doel_id, eigenaar, uiterlijk}
ACTIE_GEDAAN_GEBEURTENIS = "trajectplan.actie_gedaan"  # data {actie_id}
VERWIJZING_GEBEURTENIS = "trajectplan.verwijzing"  # data {actie_id, voorziening, verwezen_op, opvolgen_op}
OPVOLGING_GEBEURTENIS = "trajectplan.verwijzing_opgevolgd"  # data {actie_id, uitkomst, nieuwe_datum}
VERVALLEN_GEBEURTENIS = "trajectplan.vervallen"  # data {doelen, acties}: the traject closed
GEBEURTENISSEN = frozenset({DOEL_GEBEURTENIS, DOEL_BEHAALD_GEBEURTENIS, ACTIE_GEBEURTENIS, ACTIE_GEDAAN_GEBEURTENIS,
                            VERWIJZING_GEBEURTENIS, OPVOLGING_GEBEURTENIS, VERVALLEN_GEBEURTENIS})
GRONDSLAG = "Trajectplan (werkafspraak IJmond Werkt!)"
WERKCOACH = "werkcoach"  # the owner keyword: the traject's werkcoach
VERWEZEN_VROEGST = timedelta(weeks=52)


def actie_titel(omschrijving: str) -> str:
    return f"Trajectplan: {omschrijving}"[:200]


def verwijzing_titel(voorziening: Voorziening, instelling: str) -> str:
    return f"Verwijzing {voorziening.value} ({instelling}) opvolgen"[:200]


# -- parsing and checks ---------------------------------------------------------------------------

def parse_voorziening(waarde: str | None, veld: str = "--voorziening") -> Voorziening:
    try:
        return Voorziening((waarde or "").strip().lower().replace("_", "-"))
    except ValueError:
        raise OngeldigeInvoer(f"Voorziening '{str(waarde)[:40]}' ({veld}) bestaat niet; kies uit "
                              f"{', '.join(v.value for v in Voorziening)}.") from None


def parse_opvolging(waarde: str | None, veld: str = "--uitkomst") -> Opvolging:
    try:
        return Opvolging((waarde or "").strip().lower().replace("_", "-"))
    except ValueError:
        raise OngeldigeInvoer(f"Uitkomst '{str(waarde)[:40]}' ({veld}) bestaat niet; kies uit "
                              f"{', '.join(o.value for o in Opvolging)}.") from None


def controleer_omschrijving(waarde: str | None, veld: str = "--omschrijving") -> str:
    """One line, 5-200 characters, no BSN-like run of nine digits (controleer_tekst)."""
    return controleer_tekst(waarde, veld, min_len=5)


def controleer_instelling(waarde: str | None, veld: str = "--instelling") -> str:
    return controleer_tekst(waarde, veld, min_len=2, max_len=100)


def controleer_eigenaar(waarde: str | None, werkcoach_email: str, veld: str = "--eigenaar") -> str:
    """The owner of an action: the keyword 'werkcoach' (the traject's werkcoach) or a staff address."""
    raw = (waarde or "").strip()
    if raw.lower() == WERKCOACH:
        return werkcoach_email
    if NEGEN_CIJFERS.search(raw):  # never echoed: it may be a BSN
        raise OngeldigeInvoer(f"{veld} bevat een reeks van negen cijfers (een BSN?); geef 'werkcoach' of een "
                              "e-mailadres van een medewerker.")
    if "@" not in raw:
        raise OngeldigeInvoer(f"{veld} is 'werkcoach' of een e-mailadres van een medewerker "
                              "(bijvoorbeeld jobcoach@ijmondwerkt.nl).")
    return controleer_email(raw, veld)


def controleer_uiterlijk(d: date, vandaag: date, veld: str = "--uiterlijk") -> date:
    """A due date: today or later, at most two calendar years ahead."""
    if d < vandaag:
        raise OngeldigeInvoer(f"{veld} {d.isoformat()} ligt in het verleden; kies vandaag of later.")
    grens = planning_grens(vandaag)
    if d > grens:
        raise OngeldigeInvoer(f"{veld} {d.isoformat()} ligt te ver vooruit; uiterlijk mogelijk is {grens.isoformat()}.")
    return d


def controleer_verwezen_op(d: date, vandaag: date, veld: str = "--verwezen-op") -> date:
    """The referral is recorded afterwards or the same day: not in the future, at most a year back."""
    if d > vandaag:
        raise OngeldigeInvoer(f"{veld} {d.isoformat()} ligt in de toekomst; leg een verwijzing vast als die er is.")
    if d < vandaag - VERWEZEN_VROEGST:
        raise OngeldigeInvoer(f"{veld} {d.isoformat()} ligt te ver terug; vroegst mogelijk is "
                              f"{(vandaag - VERWEZEN_VROEGST).isoformat()}.")
    return d


def controleer_opvolgdatum(opvolgen_op: date, verwezen_op: date, vandaag: date,
                           veld: str = "--opvolgen-op") -> date:
    """The follow-up comes after the referral, not in the past, at most two years ahead."""
    if opvolgen_op <= verwezen_op:
        raise OngeldigeInvoer(f"{veld} {opvolgen_op.isoformat()} ligt niet na de verwijsdatum "
                              f"{verwezen_op.isoformat()}; opvolgen kan pas daarna.")
    return controleer_uiterlijk(opvolgen_op, vandaag, veld)


def controleer_plan_mogelijk(referentie: str, status: Status) -> None:
    """A trajectplan is kept while the traject is open; after uitstroom (afgesloten) nothing changes."""
    if status not in OPEN_STATUSSEN:
        raise TransitionRefused(f"{referentie} is afgesloten; het trajectplan wijzigen kan niet meer. "
                                "Er is niets gewijzigd.")


def controleer_doel(referentie: str, doel_id: int, doel_traject: str | None, doel_status: str | None) -> None:
    """An action belongs to an open goal of the same traject."""
    if doel_traject is None:
        raise OngeldigeInvoer(f"Doel {doel_id} bestaat niet.")
    if doel_traject != referentie:
        raise TransitionRefused(f"Doel {doel_id} hoort bij een ander traject, niet bij {referentie}. "
                                "Er is niets gewijzigd.")
    if doel_status != "open":
        raise TransitionRefused(f"Doel {doel_id} is al {doel_status}; er kan geen actie meer bij. Er is niets gewijzigd.")


def controleer_actie(referentie: str, actie_id: int, actie_traject: str | None, status: str | None,
                     soort: Soort | None = None, actie_soort: str | None = None) -> None:
    """The action exists in this traject, is of the expected kind and is still open."""
    if actie_traject is None:
        raise OngeldigeInvoer(f"Actie {actie_id} bestaat niet.")
    if actie_traject != referentie:
        raise TransitionRefused(f"Actie {actie_id} hoort bij een ander traject, niet bij {referentie}. "
                                "Er is niets gewijzigd.")
    if soort is not None and actie_soort != soort.value:
        wat = "verwijzing" if soort == Soort.verwijzing else "gewone actie (maar een verwijzing: gebruik verwijzing-opvolgen)"
        raise TransitionRefused(f"Actie {actie_id} is geen {wat}; er is niets gewijzigd.")
    if status != "open":
        raise TransitionRefused(f"Actie {actie_id} is al {status}; er is niets gewijzigd.")


def controleer_doel_open(doel_id: int, status: str) -> None:
    if status != "open":
        raise TransitionRefused(f"Doel {doel_id} is al {status}; er is niets gewijzigd.")


def na_opvolging(uitkomst: Opvolging, nieuwe_datum: date | None) -> str:
    """What a recorded follow-up does to the referral: 'open' (re-armed on the new date), 'gedaan'
    or 'vervallen'. A new date re-arms a started or not-started referral; a finished one closes."""
    if nieuwe_datum is not None:
        if uitkomst == Opvolging.afgerond:
            raise OngeldigeInvoer("Een afgeronde verwijzing krijgt geen nieuwe opvolgdatum; laat --nieuwe-datum weg.")
        return "open"
    return "vervallen" if uitkomst == Opvolging.niet_gestart else "gedaan"


def te_laat(uiterlijk: date, status: str, vandaag: date) -> bool:
    return status == "open" and uiterlijk < vandaag



def traject_van(referentie: str | None, gevonden: str | None, wat: str) -> str:
    """Without a trajectnummer (the CLI names only the action or goal) the step takes the one it belongs
    to (`gevonden`: that traject's referentie, None when the action or goal does not exist)."""
    if referentie is not None:
        return referentie
    if gevonden is None:
        raise OngeldigeInvoer(f"{wat} bestaat niet.")
    return gevonden
