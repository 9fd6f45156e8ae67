"""Moving a deadline: when it may move, how far, and what the audit line says.

A statutory term (set by wet: the gemeente's beslistermijn on the uitkering, the zoektermijn,
bezwaar, UWV's beslistermijn) is not a date staff may pick. It moves only later, only on a
legal ground, by a counted number of days:

* opschorting: the term is suspended for N days (e.g. Awb art. 4:15 while the aanvrager
  completes the aanvraag), so its end moves N days;
* verlenging: the term is extended by N days (e.g. Awb art. 4:14 notice, art. 7:10 lid 3
  verdaging).

A policy deadline (a staff task, the inspanningsperiode) may move either way, but not into
the past, not unboundedly far, and always with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from domain.invoer import OngeldigeInvoer, controleer_tekst, planning_grens
from domain.kalender import DEFAULT_KALENDER, Kalender

REDEN_MIN, REDEN_MAX = 5, 200
MAX_DAGEN = 365


class Grond(StrEnum):
    opschorting = "opschorting"
    verlenging = "verlenging"


# Deadline soort -> (grondslag, whether the Algemene termijnenwet applies to its end).
WETTELIJKE_TERMIJNEN: dict[str, tuple[str, bool]] = {
    "uitkeringsbesluit": ("Awb art. 4:13", True),
    "beslistermijn": ("Awb art. 4:13", True),
    "bezwaar": ("Awb art. 6:7", True),
    "uwv-beoordeling": ("Awb art. 4:13 (UWV)", True),
    "zoektermijn": ("Pw art. 41 lid 4", False),
}

GROND_TEKST = {Grond.opschorting: "opschorting", Grond.verlenging: "verlenging"}

# What a deadline is, in the words staff use: messages never show the internal `soort` code.
SOORT_LABEL: dict[str, str] = {
    "taak": "een taak",
    "uitkeringsbesluit": "de beslistermijn van de gemeente op de uitkeringsaanvraag",
    "beslistermijn": "een beslistermijn",
    "bezwaar": "een bezwaartermijn",
    "uwv-beoordeling": "de beslistermijn van UWV",
    "zoektermijn": "de zoektermijn",
    "inspanningsperiode": "de inspanningsperiode",
    "herbeoordeling": "de herbeoordeling van het tijdelijk oponthoud",
}


@dataclass(frozen=True)
class Verplaatsing:
    due: date
    toelichting: str  # for the audit line: ground, days, reason; never personal data


def verschuif_wettelijk(due: date, dagen: int, atw: bool, kalender: Kalender = DEFAULT_KALENDER) -> date:
    """A statutory term's end after an opschorting or verlenging of `dagen` days: later by those days,
    and onto the next werkdag where the Algemene termijnenwet applies (art. 1), as for the original end."""
    nieuw = due + timedelta(days=dagen)
    if atw and not kalender.is_werkdag(nieuw):
        nieuw = kalender.volgende_werkdag(nieuw)
    return nieuw


def opnieuw_verschoven(soort: str, due: date, verschuivingen: list[int], kalender: Kalender = DEFAULT_KALENDER) -> date:
    """A statutory term counted again from a new start (the gemeente's aanvraagdatum) keeps the
    opschortingen and verlengingen recorded on it before: each applied again, in order."""
    atw = WETTELIJKE_TERMIJNEN.get(soort, ("", True))[1]
    for dagen in verschuivingen:
        due = verschuif_wettelijk(due, dagen, atw, kalender)
    return due


def is_wettelijk(soort: str) -> bool:
    return soort in WETTELIJKE_TERMIJNEN


def beoordeel_verplaatsing(*, soort: str, huidige_due: date, vandaag: date, reden: str | None,
                           naar: date | None = None, grond: Grond | None = None, dagen: int | None = None,
                           kalender: Kalender = DEFAULT_KALENDER, status: str = "open",
                           nummer: int | None = None) -> Verplaatsing:
    """The new due date and the audit text, or OngeldigeInvoer saying what is missing or not allowed.

    A closed deadline is refused first: telling someone which options to use for a deadline
    that cannot move at all sends them on a useless second try."""
    wie = f"Deadline {nummer}" if nummer is not None else "Deze deadline"
    if status != "open":
        raise OngeldigeInvoer(f"{wie} is al {status}; verplaatsen kan niet.")
    label = SOORT_LABEL.get(soort, "een termijn")
    if is_wettelijk(soort):
        grondslag, atw = WETTELIJKE_TERMIJNEN[soort]
        if grond is None or dagen is None:
            raise OngeldigeInvoer(
                f"{wie} is {label}, een wettelijke termijn ({grondslag}): die verschuift alleen op een wettelijke "
                "grond. Geef --grond opschorting of --grond verlenging en het aantal dagen met --dagen.")
        if naar is not None:
            raise OngeldigeInvoer(f"{wie} is {label}, een wettelijke termijn: die verplaats je niet naar een gekozen "
                                  "datum. Geef alleen --grond en --dagen, werkpad rekent de nieuwe einddatum uit.")
        if dagen < 1:
            raise OngeldigeInvoer("--dagen moet minstens 1 zijn; een wettelijke termijn wordt nooit korter.")
        if dagen > MAX_DAGEN:
            raise OngeldigeInvoer(f"--dagen {dagen} is te veel: een opschorting of verlenging is hoogstens "
                                  f"{MAX_DAGEN} dagen.")
        reden_schoon = controleer_tekst(reden, "Reden (--reden)", min_len=REDEN_MIN, max_len=REDEN_MAX)
        nieuw = verschuif_wettelijk(huidige_due, dagen, atw, kalender)
        if nieuw > planning_grens(vandaag):
            raise OngeldigeInvoer(f"De nieuwe einddatum {nieuw.isoformat()} ligt meer dan twee jaar vooruit.")
        return Verplaatsing(nieuw, f"{GROND_TEKST[grond].capitalize()} ({grondslag}), {dagen} dag(en): {reden_schoon}")
    if grond is not None or dagen is not None:
        raise OngeldigeInvoer(f"{wie} is {label}, geen wettelijke termijn: geef --naar en --reden, geen --grond of "
                              "--dagen.")
    if naar is None:
        raise OngeldigeInvoer("Geef de nieuwe datum met --naar JJJJ-MM-DD.")
    reden_schoon = controleer_tekst(reden, "Reden (--reden)", min_len=REDEN_MIN, max_len=REDEN_MAX)
    if naar < vandaag:
        raise OngeldigeInvoer(f"De nieuwe datum {naar.isoformat()} ligt in het verleden.")
    if naar > planning_grens(vandaag):
        raise OngeldigeInvoer(f"De nieuwe datum {naar.isoformat()} ligt meer dan twee jaar vooruit.")
    if naar == huidige_due:
        raise OngeldigeInvoer(f"De deadline staat al op {naar.isoformat()}.")
    return Verplaatsing(naar, reden_schoon)
