"""Whoever loses a task is told (issue 20 item 20): when a close (uitstroom, afwijzing, terugmelding) or the end
of the nazorg cancels open taken, each owner gets one mail listing them, except the person who did it: they know.
A werkafspraak of IJmond Werkt!, no statutory rule."""

from __future__ import annotations

from collections.abc import Iterable


def te_informeren(eigenaars: Iterable[str], door: str, werkcoach: str) -> list[str]:
    """The owners to tell, in first-seen order, without the one who closed: `door` is an address or a role
    (the werkcoach's role stands for the traject's werkcoach)."""
    zelf = {door.strip().lower()}
    if door.strip().lower() == "werkcoach":
        zelf.add(werkcoach.strip().lower())
    uit: list[str] = []
    for e in eigenaars:
        if e.strip().lower() not in zelf and e not in uit:
            uit.append(e)
    return uit
