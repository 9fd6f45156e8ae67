"""Reminder policies: when to remind the owner of a deadline, and when to escalate.

A policy is a list of steps relative to the due date, counted in werkdagen. The sweep keeps,
per deadline, the index of the next step that has not been sent; moving the due date
re-arms the steps from the new date on. Pure functions only; the store persists the index.

Steps are counted from the last werkdag on or before the due date (a due date on a
Saturday, feestdag or KB day is "due" the werkdag before it), so "nog 5 werkdagen", "nog 1
werkdag" and "vandaag" are true and fall on different werkdagen; the escalation goes out on the first
werkdag after the due date. Every moment falls on a werkdag of the calendar passed in, so no
reminder is planned on a feestdag or a day gelijkgesteld by KB. The calendar is always an
argument: it must be the one that computed the term.

A waiting term (policy `wachttermijn`) reminds nobody and never escalates; it expires by
itself at the start of its end date, whatever day that is (`verloopt`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo

from domain.kalender import Kalender

TZ = ZoneInfo("Europe/Amsterdam")
UTC = ZoneInfo("UTC")


class Ontvanger(StrEnum):
    eigenaar = "eigenaar"
    escalatie = "escalatie"


@dataclass(frozen=True)
class Stap:
    code: str  # stable: part of the idempotency key of the email
    werkdagen: int  # relative to the last werkdag on or before the due date; negative = before
    ontvanger: Ontvanger
    label: str


@dataclass(frozen=True)
class Beleid:
    naam: str
    stappen: tuple[Stap, ...]
    verzendtijd: time = time(7, 0)
    # The deadline ends by itself (status `verstreken`) once its end date has begun. Room for
    # a later "waking timer": the expiry is where a flow run would be queued.
    verloopt: bool = False


WACHTTERMIJN = "wachttermijn"
# Not "morgen": the werkdag before the last one is often not the day before it (Friday for a
# Monday, Thursday for a due date on Saturday). One werkdag is left after the day it is sent.
T_MIN_1 = "nog 1 werkdag"

BELEID: dict[str, Beleid] = {
    "standaard": Beleid(
        "standaard",
        (
            Stap("t-5", -5, Ontvanger.eigenaar, "nog 5 werkdagen"),
            Stap("t-1", -1, Ontvanger.eigenaar, T_MIN_1),
            Stap("t0", 0, Ontvanger.eigenaar, "vandaag"),
            Stap("escalatie", 1, Ontvanger.escalatie, "verlopen"),
        ),
    ),
    "kort": Beleid(
        "kort",
        (
            Stap("t-1", -1, Ontvanger.eigenaar, T_MIN_1),
            Stap("t0", 0, Ontvanger.eigenaar, "vandaag"),
            Stap("escalatie", 1, Ontvanger.escalatie, "verlopen"),
        ),
    ),
    # Something someone else must do (UWV's ontvangstbevestiging): reminding before the date is
    # pointless; the owner hears it once, the werkdag after, when it stayed out.
    "uitblijven": Beleid("uitblijven", (Stap("t+1", 1, Ontvanger.eigenaar, "uitgebleven"),)),
    # Zoektermijn, inspanningsperiode: the deelnemer waits or searches; no staff member has
    # to act, so nobody is reminded and no teamleider is ever called.
    WACHTTERMIJN: Beleid(WACHTTERMIJN, (), verloopt=True),
}


def beleid(naam: str) -> Beleid:
    try:
        return BELEID[naam]
    except KeyError:
        raise ValueError(f"Onbekend herinneringsbeleid '{naam}'") from None


def lokaal_naar_utc(local: datetime) -> datetime:
    """Naive Europe/Amsterdam wall time -> aware UTC (the store's convention)."""
    return local.replace(tzinfo=TZ).astimezone(UTC)


def lokale_datum(moment: datetime) -> date:
    return moment.astimezone(TZ).date()


def stapdatum(due: date, stap: Stap, kalender: Kalender) -> date:
    """The werkdag on which a step is sent."""
    if stap.werkdagen > 0:
        return kalender.werkdagen_erbij(due, stap.werkdagen)  # the first werkdag(en) after the due date
    anker = kalender.vorige_werkdag(due, inclusief=True)
    return kalender.werkdagen_erbij(anker, stap.werkdagen)


@lru_cache(maxsize=65536)
def afstand(due: date, op: date, kalender: Kalender) -> str:
    """The real distance to the due date on day `op`, as a reminder says it: "nog N werkdagen", "nog 1
    werkdag", "vandaag" or "verlopen". Counted like the steps: to the last werkdag on or before the
    due date, in werkdagen after `op` (a reminder planned for "nog 5 werkdagen" but sent two werkdagen
    before that day, e.g. after the stack was down, says "nog 3 werkdagen")."""
    anker = kalender.vorige_werkdag(due, inclusief=True)
    if op > anker:
        return "verlopen"
    if op == anker:
        return "vandaag"
    n = kalender.werkdagen_tussen(op + timedelta(days=1), anker)  # >= 1: the anker itself is a werkdag
    return T_MIN_1 if n == 1 else f"nog {n} werkdagen"


def herinnering_label(stap: Stap, due: date, op: date, kalender: Kalender) -> str:
    """What a step says when it goes out on day `op`: a reminder before or on the due date says the real
    distance (a late sweep, a late mail); the escalation and an after-the-date step keep their label."""
    if stap.ontvanger != Ontvanger.eigenaar or stap.werkdagen > 0:
        return stap.label
    return afstand(due, op, kalender)


def stap_van(beleid_naam: str, code: str) -> Stap | None:
    """A policy's step by its stable code (None for an unknown policy or code)."""
    b = BELEID.get(beleid_naam)
    return next((st for st in b.stappen if st.code == code), None) if b is not None else None


def verzendmomenten(due: date, beleid_naam: str, kalender: Kalender) -> tuple[datetime, ...]:
    """Send moment (aware UTC) of every step of the policy for this due date."""
    b = beleid(beleid_naam)
    return tuple(lokaal_naar_utc(datetime.combine(stapdatum(due, s, kalender), b.verzendtijd)) for s in b.stappen)


def verloopmoment(due: date) -> datetime:
    """A waiting term is over when its end date begins (00:00 Dutch time), werkdag or not."""
    return lokaal_naar_utc(datetime.combine(due, time(0, 0)))


def wekmomenten(due: date, beleid_naam: str, kalender: Kalender) -> tuple[datetime, ...]:
    """The moments the sweep must look at this deadline: every step, then the expiry if any."""
    m = verzendmomenten(due, beleid_naam, kalender)
    return m + (verloopmoment(due),) if beleid(beleid_naam).verloopt else m


def wapen(due: date, beleid_naam: str, nu: datetime, kalender: Kalender) -> tuple[int, datetime | None]:
    """Arm a deadline: the first step whose send moment is today or later, and that moment.

    Steps whose day has already passed when the deadline is set or moved are not sent:
    a reminder "nog 5 werkdagen" two days before the due date would be wrong. An expiry is
    never skipped: if it has passed already, the next sweep ends the term.
    `nu` is an aware datetime.
    """
    n_stappen = len(beleid(beleid_naam).stappen)
    momenten = wekmomenten(due, beleid_naam, kalender)
    vandaag_start = lokaal_naar_utc(datetime.combine(lokale_datum(nu), time(0, 0)))
    for i, m in enumerate(momenten):
        if m >= vandaag_start or i >= n_stappen:
            return i, m
    return len(momenten), None


@dataclass(frozen=True)
class SweepBesluit:
    stap: Stap | None  # the step to send now (None: nothing due)
    overgeslagen: tuple[Stap, ...]  # due steps superseded by a later one
    volgende_index: int
    volgende_moment: datetime | None
    verlopen: bool = False  # a waiting term ended: close it, tell nobody


def bij_sweep(due: date, beleid_naam: str, index: int, nu: datetime, kalender: Kalender) -> SweepBesluit:
    """Which step to send at `nu` (aware), given the index of the next unsent step.

    Level-triggered: if the sweep was down and several steps fell due, only the latest is
    sent (one current reminder instead of a stale pile); the others are recorded as skipped.
    """
    b = beleid(beleid_naam)
    momenten = wekmomenten(due, beleid_naam, kalender)
    j = index
    while j < len(momenten) and momenten[j] <= nu:
        j += 1
    volgende = momenten[j] if j < len(momenten) else None
    if j == index:
        return SweepBesluit(None, (), index, volgende)
    if b.verloopt and j > len(b.stappen):  # the expiry passed: reminders are moot now
        return SweepBesluit(None, b.stappen[index:], j, None, verlopen=True)
    return SweepBesluit(
        stap=b.stappen[j - 1],
        overgeslagen=b.stappen[index : j - 1],
        volgende_index=j,
        volgende_moment=volgende,
    )
