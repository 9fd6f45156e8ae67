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

from domain.invoer import PLANNING_HORIZON, OngeldigeInvoer, controleer_tekst
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


@dataclass(frozen=True)
class Verplaatsing:
    due: date
    toelichting: str  # for the audit line: ground, days, reason; never personal data


def is_wettelijk(soort: str) -> bool:
    return soort in WETTELIJKE_TERMIJNEN


def beoordeel_verplaatsing(*, soort: str, huidige_due: date, vandaag: date, reden: str | None,
                           naar: date | None = None, grond: Grond | None = None, dagen: int | None = None,
                           kalender: Kalender = DEFAULT_KALENDER) -> Verplaatsing:
    """The new due date and the audit text, or OngeldigeInvoer saying what is missing or not allowed."""
    reden_schoon = controleer_tekst(reden, "Reden (--reden)", min_len=REDEN_MIN, max_len=REDEN_MAX)
    if is_wettelijk(soort):
        grondslag, atw = WETTELIJKE_TERMIJNEN[soort]
        if grond is None or dagen is None:
            raise OngeldigeInvoer(
                f"'{soort}' is een wettelijke termijn ({grondslag}): die verschuift alleen op een wettelijke grond. "
                "Geef --grond opschorting of --grond verlenging en het aantal dagen met --dagen.")
        if naar is not None:
            raise OngeldigeInvoer("Een wettelijke termijn verplaats je niet naar een gekozen datum: geef alleen "
                                  "--grond en --dagen, werkpad rekent de nieuwe einddatum uit.")
        if not 1 <= dagen <= MAX_DAGEN:
            raise OngeldigeInvoer(f"--dagen moet tussen 1 en {MAX_DAGEN} liggen; een wettelijke termijn wordt nooit "
                                  "korter.")
        nieuw = huidige_due + timedelta(days=dagen)
        if atw and not kalender.is_werkdag(nieuw):
            nieuw = kalender.volgende_werkdag(nieuw)  # Atw art. 1, as for the original end
        if nieuw > vandaag + PLANNING_HORIZON:
            raise OngeldigeInvoer(f"De nieuwe einddatum {nieuw.isoformat()} ligt meer dan twee jaar vooruit.")
        return Verplaatsing(nieuw, f"{GROND_TEKST[grond].capitalize()} ({grondslag}), {dagen} dag(en): {reden_schoon}")
    if grond is not None or dagen is not None:
        raise OngeldigeInvoer(f"'{soort}' is geen wettelijke termijn: geef --naar en --reden, geen --grond of --dagen.")
    if naar is None:
        raise OngeldigeInvoer("Geef de nieuwe datum met --naar JJJJ-MM-DD.")
    if naar < vandaag:
        raise OngeldigeInvoer(f"De nieuwe datum {naar.isoformat()} ligt in het verleden.")
    if naar > vandaag + PLANNING_HORIZON:
        raise OngeldigeInvoer(f"De nieuwe datum {naar.isoformat()} ligt meer dan twee jaar vooruit.")
    if naar == huidige_due:
        raise OngeldigeInvoer(f"De deadline staat al op {naar.isoformat()}.")
    return Verplaatsing(naar, reden_schoon)
