"""When a conversation with the deelnemer may start: the gesprek of the maatregelonderzoek (horen, Awb 4:8) and
the hoorzitting in bezwaar (Awb 7:2) keep one window (organisation norm, not a statutory rule)."""

from __future__ import annotations

from datetime import datetime, time

from domain.invoer import OngeldigeInvoer

GESPREK_VROEGST, GESPREK_LAATST = time(8, 0), time(17, 0)  # the start time, local, on a werkdag


def controleer_gesprektijd(gesprek: datetime, is_werkdag: bool, wat: str = "het gesprek") -> None:
    """The gesprek (horen) or the hoorzitting starts on a werkdag between 08:00 and 17:00, local time: one rule for
    every door and both conversations."""
    if not is_werkdag or not GESPREK_VROEGST <= gesprek.time().replace(tzinfo=None) <= GESPREK_LAATST:
        raise OngeldigeInvoer(f"Plan {wat} op een werkdag, met een begintijd tussen "
                              f"{GESPREK_VROEGST:%H:%M} en {GESPREK_LAATST:%H:%M}.")
