"""The zoektermijn (Pw art. 41 lid 4, under 27) and the inspanningsperiode as a process instance.

A waiting term is no work for anyone: its deadline reminds nobody and never escalates. It is a
waking timer: when it has passed, the sweep starts the `wachttermijn-verstreken` deployment,
which ends this instance and tells the werkcoach the aanvraag can now follow.
"""

from __future__ import annotations

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
