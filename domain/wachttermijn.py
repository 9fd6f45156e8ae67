"""The zoektermijn (Pw art. 41 lid 4, under 27) and the inspanningsperiode as a process instance.

A waiting term is no work for anyone: its deadline reminds nobody and never escalates. It is a
waking timer: when it has passed, the sweep starts the `wachttermijn-verstreken` deployment,
which ends this instance and tells the werkcoach the aanvraag can now follow.
"""

from __future__ import annotations

from datetime import date

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
