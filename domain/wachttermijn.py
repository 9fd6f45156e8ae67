"""The zoektermijn (Pw art. 41 lid 4, under 27) and the inspanningsperiode as a process instance.

A waiting term is no work for anyone: its deadline reminds nobody and never escalates. It is a
waking timer: when it has passed, the sweep starts the `wachttermijn-verstreken` deployment,
which ends this instance and tells the werkcoach the aanvraag can now follow.

When it ends (issue 20 item 17). The term's `einddatum` (domain/termijnen.py: the melding plus four
weeks, same weekday; the Atw does not apply to a waiting term) is the FIRST day after the wait, not
its last day: Pw art. 41 lid 4 says the young person "kan ... pas een aanvraag indienen vier weken na
die melding", so on that date the aanvraag may be made (melding Monday 23 November 2026: aanvraag from
Monday 21 December 2026, the last day of waiting is Sunday 20 December). werkpad ends the term when that
date begins (domain/herinneringen.py::verloopmoment), and every mail says it that way ("loopt tot X;
de laatste dag is X-1"), never "tot en met X", which would make a werkcoach wait a day too long.
Interpretation: the Pw does not say whether the day of the melding counts; werkpad reads "vier weken na
de melding" as the same weekday four weeks later, as the rest of werkpad counts weeks. The
inspanningsperiode (gemeentelijk beleid, three weeks after the aanmelding) is counted the same way.
"""

from __future__ import annotations

from datetime import date, timedelta

from domain.errors import TransitionRefused
from domain.proces import Proces, overgangen

LOOPT, VERSTREKEN, VERVALLEN = "loopt", "verstreken", "vervallen"

WACHTTERMIJN = Proces(
    naam="wachttermijn",
    label="Wachttermijn",
    statussen={LOOPT: "Loopt", VERSTREKEN: "Verstreken", VERVALLEN: "Vervallen"},
    start=LOOPT,
    overgangen=overgangen(loopt=(VERSTREKEN, VERVALLEN), verstreken=(), vervallen=()),
    gebeurtenissen=frozenset({"wachttermijn.gestart", "wachttermijn.verstreken", "wachttermijn.vervallen"}),
)

WEKT = "wachttermijn-verstreken/verstreken"  # flow name / deployment name the timer starts


def code(soort: str) -> str:
    return f"wachttermijn.{soort}"


def controleer_termijn_voorbij(referentie: str, soort: str, loopt_tot: date | None, vandaag: date) -> None:
    """Only the timer may end a waiting term: a run started by hand before its end changes nothing.
    `loopt_tot`: the open term's end date, None when no term is open."""
    if loopt_tot is not None and vandaag < loopt_tot:
        raise TransitionRefused(f"{referentie}: de {soort} loopt nog tot {loopt_tot.isoformat()}; hij eindigt vanzelf.")


def laatste_wachtdag(einde: date) -> date:
    """The last day of a waiting term whose `einde` is the first day after it (Pw art. 41 lid 4: the
    aanvraag "pas ... vier weken na die melding"; see the module docstring)."""
    return einde - timedelta(days=1)
