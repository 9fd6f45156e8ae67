"""Delivery rules of the kwartaalrapportage (issue 10): which periods a day reports, and what may leave.

Pure: the calendar comes in as an argument (the runtime's `Kalender`, KB days included).

A cron cannot say "the first werkdag after a quarter", so the deployment runs at 07:00 on days
1-7 of January, April, July and October and asks `te_rapporteren` whether this day is the one.
What a bestuur expects after each period end:

- after Q1: the quarter (2026Q1);
- after Q2: the quarter and the first half-year (2026Q2, 2026H1);
- after Q3: the quarter (2026Q3);
- after Q4: the quarter, the second half-year and the whole year (2026Q4, 2026H2, 2026): the
  jaarcijfers are what the bestuur and the gemeenteraden discuss in the new year, so they come
  with the same delivery instead of waiting for someone to ask.

Each period is its own mail (one idempotency key per period), so a period is never sent twice
and a late correction of one does not resend the others.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Annotated

from pydantic import Field

from domain.bsn import maskeer_bsns
from domain.errors import DomainError
from domain.herinneringen import lokale_datum
from domain.invoer import OngeldigeInvoer
from domain.kalender import Kalender
from domain.rapport import Periode, Tabel

KWARTAALMAANDEN = (1, 4, 7, 10)
# The outbox key of a period's one management mail: `kwartaalrapportage:2026Q3`.
SLEUTEL_VOORVOEGSEL = "kwartaalrapportage:"
# The deployment's form: a period name only (no free text, nothing personal); the server refuses the rest.
PERIODE_PATROON = r"^[0-9]{4}([Qq][1-4]|[Hh][12])?$"  # 2026q3 as the CLI takes it; the flow writes 2026Q3
PeriodeNaam = Annotated[str, Field(pattern=PERIODE_PATROON, min_length=4, max_length=6,
                                   description="Periode op verzoek: kwartaal (2026Q3), halfjaar (2026H1) of jaar (2026). "
                                               "Leeg: de perioden die vandaag (eerste werkdag na een kwartaal) af zijn.")]

_MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
            "november", "december")


def dag_tekst(d: date) -> str:
    return f"{d.day} {_MAANDEN[d.month - 1]} {d.year}"


def omschrijving(p: Periode) -> str:
    """'2026Q3' -> '1 juli t/m 30 september 2026' (what a reader of the mail needs)."""
    laatste = p.tot - timedelta(days=1)
    van = f"{p.van.day} {_MAANDEN[p.van.month - 1]}" + ("" if p.van.year == laatste.year else f" {p.van.year}")
    return f"{van} t/m {dag_tekst(laatste)}"


def afgesloten_perioden(grens: date) -> list[Periode]:
    """The periods that end the day before `grens` (the first day of a quarter), quarter first."""
    if grens.day != 1 or grens.month not in KWARTAALMAANDEN:
        raise ValueError(f"{grens} is geen eerste dag van een kwartaal")
    vorige = grens - timedelta(days=1)
    jaar, q = vorige.year, (vorige.month - 1) // 3 + 1
    namen = [f"{jaar}Q{q}"]
    if q % 2 == 0:
        namen.append(f"{jaar}H{q // 2}")
    if q == 4:
        namen.append(str(jaar))
    return [Periode.parse(n) for n in namen]


@dataclass(frozen=True)
class Beslissing:
    """What the scheduled run does today, and the sentence that says why (run name and log)."""

    dag: date
    perioden: list[Periode] = field(default_factory=list)
    reden: str = ""


def eerste_werkdag_na(grens: date, kalender: Kalender) -> date:
    """The first werkdag on or after `grens` (a weekend day or feestdag moves it on)."""
    return kalender.volgende_werkdag(grens, inclusief=True)


def te_rapporteren(dag: date, kalender: Kalender) -> Beslissing:
    """The periods to report on `dag`: those that just ended if `dag` is the first werkdag after
    a quarter (Europe/Amsterdam calendar day), else none, with the reason."""
    if dag.month in KWARTAALMAANDEN:
        grens = date(dag.year, dag.month, 1)
        eerste = eerste_werkdag_na(grens, kalender)
        if dag == eerste:
            perioden = afgesloten_perioden(grens)
            return Beslissing(dag, perioden, f"{dag_tekst(dag)} is de eerste werkdag na "
                                             f"{', '.join(p.naam for p in perioden)}.")
        if dag < eerste:
            soort = "valt in het weekend" if dag.isoweekday() > 5 else "is een feestdag"
            return Beslissing(dag, [], f"{dag_tekst(dag)} {soort}; de rapportage volgt op de eerste werkdag, "
                                       f"{dag_tekst(eerste)}.")
        return Beslissing(dag, [], f"{dag_tekst(dag)} is niet de eerste werkdag na het kwartaal "
                                   f"(dat was {dag_tekst(eerste)}); niets te doen.")
    return Beslissing(dag, [], f"{dag_tekst(dag)} valt niet direct na een kwartaal; niets te doen.")


def op_verzoek(naam: str, vandaag: date) -> Periode:
    """A period asked for by name (form, CLI): it must have ended, or the report would be
    incomplete and its one mail used up before the period's real end."""
    p = Periode.parse(naam)
    if p.tot > vandaag:
        raise OngeldigeInvoer(f"Periode {p.naam} loopt tot en met {dag_tekst(p.tot - timedelta(days=1))} en is nog "
                              f"niet afgelopen; een rapportage kan pas vanaf {dag_tekst(p.tot)}.")
    return p


class PrivacyFout(DomainError):
    """A report cell or label that is not an aggregate: the report never leaves with it."""


_CEL = re.compile(r"^(?:[0-9]{1,7}|[0-9]{1,4}%|n\.b\.|)$")


def controleer_aggregaat(t: Tabel) -> None:
    """Reports are aggregates: every cell a count, a percentage or `n.b.`, and no label that
    carries a BSN-like number. Cheap, and it runs on every table before an artifact or mail."""
    for tekst in (t.titel, *t.kolommen, *(label for label, _ in t.rijen), *t.voetnoten):
        if maskeer_bsns(tekst) != tekst:
            raise PrivacyFout(f"Tabel '{t.titel}': een label lijkt een BSN te bevatten; de rapportage gaat niet uit.")
    for label, waarden in t.rijen:
        if len(waarden) != len(t.kolommen):
            raise PrivacyFout(f"Tabel '{t.titel}', rij '{label}': {len(waarden)} cellen voor {len(t.kolommen)} kolommen.")
        for kolom, w in zip(t.kolommen, waarden, strict=True):
            if isinstance(w, bool) or not (isinstance(w, int) and 0 <= w or isinstance(w, str) and _CEL.match(w)):
                raise PrivacyFout(f"Tabel '{t.titel}': cel '{label}' / '{kolom}' is geen aantal of percentage; "
                                  f"de rapportage gaat niet uit.")


def geraakte_rapportages(vroegste: date, verstuurd: Iterable[tuple[str, datetime | None]]) -> list[tuple[str, date]]:
    """Periods already mailed whose figures change when events from `vroegste` on are added: every one
    that ends after that day, not only the periods the events fall in (an event before a period
    moves the fasen stock at its Begin). [(periode, mailed on)], oldest period first."""
    uit: list[tuple[Periode, date]] = []
    for naam, op in verstuurd:
        try:
            p = Periode.parse(naam)
        except OngeldigeInvoer:
            continue  # not a period key
        if p.tot > vroegste and op is not None:
            uit.append((p, lokale_datum(op if op.tzinfo else op.replace(tzinfo=UTC))))  # stored naive UTC
    return [(p.naam, op) for p, op in sorted(uit, key=lambda x: (x[0].van, x[0].tot))]


def waarschuwing_verstuurd(geraakt: list[tuple[str, date]]) -> str | None:
    """The import's warning when it changes figures that already went to the management."""
    if not geraakt:
        return None
    lijst = ", ".join(f"{naam} (verstuurd {op.isoformat()})" for naam, op in geraakt)
    een = len(geraakt) == 1
    return (f"Let op: deze import verandert de cijfers van {'een kwartaalrapportage die' if een else 'kwartaalrapportages die'} "
            f"al {'is' if een else 'zijn'} verstuurd: {lijst}. Die mail gaat niet opnieuw; maak de tabellen "
            "opnieuw (rapport over die periode, alle tabellen) en stuur de correctie zelf na.")
