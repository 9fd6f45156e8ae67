"""Reminder policies: when to remind the owner of a deadline, and when to escalate.

A policy is a list of steps relative to the due date, counted in werkdagen. The sweep keeps,
per deadline, the index of the next step that has not been sent; moving the due date
re-arms the steps from the new date on. Pure functions only; the store persists the index.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo

from domain.kalender import DEFAULT_KALENDER, Kalender

TZ = ZoneInfo("Europe/Amsterdam")
UTC = ZoneInfo("UTC")


class Ontvanger(StrEnum):
    eigenaar = "eigenaar"
    escalatie = "escalatie"


@dataclass(frozen=True)
class Stap:
    code: str  # stable: part of the idempotency key of the email
    werkdagen: int  # relative to the due date; negative = before
    ontvanger: Ontvanger
    label: str


@dataclass(frozen=True)
class Beleid:
    naam: str
    stappen: tuple[Stap, ...]
    verzendtijd: time = time(7, 0)


BELEID: dict[str, Beleid] = {
    "standaard": Beleid(
        "standaard",
        (
            Stap("t-5", -5, Ontvanger.eigenaar, "nog 5 werkdagen"),
            Stap("t-1", -1, Ontvanger.eigenaar, "morgen"),
            Stap("t0", 0, Ontvanger.eigenaar, "vandaag"),
            Stap("escalatie", 1, Ontvanger.escalatie, "verlopen"),
        ),
    ),
    "kort": Beleid(
        "kort",
        (
            Stap("t-1", -1, Ontvanger.eigenaar, "morgen"),
            Stap("t0", 0, Ontvanger.eigenaar, "vandaag"),
            Stap("escalatie", 1, Ontvanger.escalatie, "verlopen"),
        ),
    ),
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


@lru_cache(maxsize=65536)
def verzendmomenten(due: date, beleid_naam: str, kalender: Kalender = DEFAULT_KALENDER) -> tuple[datetime, ...]:
    """Send moment (aware UTC) of every step of the policy for this due date."""
    b = beleid(beleid_naam)
    out = []
    for s in b.stappen:
        if s.werkdagen == 0:
            d = kalender.vorige_werkdag(due, inclusief=True)
        else:
            d = kalender.werkdagen_erbij(due, s.werkdagen)
        out.append(lokaal_naar_utc(datetime.combine(d, b.verzendtijd)))
    return tuple(out)


def wapen(due: date, beleid_naam: str, nu: datetime, kalender: Kalender = DEFAULT_KALENDER) -> tuple[int, datetime | None]:
    """Arm a deadline: the first step whose send moment is today or later, and that moment.

    Steps whose day has already passed when the deadline is set or moved are not sent:
    a reminder "nog 5 werkdagen" two days before the due date would be wrong.
    `nu` is an aware datetime.
    """
    momenten = verzendmomenten(due, beleid_naam, kalender)
    vandaag_start = lokaal_naar_utc(datetime.combine(lokale_datum(nu), time(0, 0)))
    for i, m in enumerate(momenten):
        if m >= vandaag_start:
            return i, m
    return len(momenten), None


@dataclass(frozen=True)
class SweepBesluit:
    stap: Stap | None  # the step to send now (None: nothing due)
    overgeslagen: tuple[Stap, ...]  # due steps superseded by a later one
    volgende_index: int
    volgende_moment: datetime | None


def bij_sweep(due: date, beleid_naam: str, index: int, nu: datetime, kalender: Kalender = DEFAULT_KALENDER) -> SweepBesluit:
    """Which step to send at `nu` (aware), given the index of the next unsent step.

    Level-triggered: if the sweep was down and several steps fell due, only the latest is
    sent (one current reminder instead of a stale pile); the others are recorded as skipped.
    """
    b = beleid(beleid_naam)
    momenten = verzendmomenten(due, beleid_naam, kalender)
    j = index
    while j < len(momenten) and momenten[j] <= nu:
        j += 1
    if j == index:
        return SweepBesluit(None, (), index, momenten[index] if index < len(momenten) else None)
    return SweepBesluit(
        stap=b.stappen[j - 1],
        overgeslagen=b.stappen[index : j - 1],
        volgende_index=j,
        volgende_moment=momenten[j] if j < len(momenten) else None,
    )
