"""What may happen to an outbox row by hand (werkpad outbox), and how a row is named without its content."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NoReturn

from domain.errors import TransitionRefused
from domain.invoer import OngeldigeInvoer

STATUS = {"pending": "in de wachtrij", "sending": "wordt verzonden", "sent": "verzonden", "failed": "geweigerd"}


def wat(payload: Mapping[str, object]) -> str:
    """What a row does, without its content: a template name or a ZGW operation."""
    if "template" in payload:
        return f"e-mail {payload['template']}"
    uit = str(payload.get("op", "?"))
    for k in ("statustype", "resultaattype", "besluittype"):
        if payload.get(k):
            uit += f" {payload[k]}"
    return uit


def controleer_opnieuw(outbox_id: int, status: str | None) -> None:
    """A refused or stuck row may go back in the queue; a sent one stays sent, a queued one is queued."""
    if status is None:
        raise OngeldigeInvoer(f"Er is geen outbox-bericht {outbox_id}.")
    if status == "sent":
        raise TransitionRefused(f"Bericht {outbox_id} is al verzonden; opnieuw versturen kan niet (en is niet nodig).")
    if status == "pending":
        raise TransitionRefused(f"Bericht {outbox_id} staat al in de wachtrij ({STATUS.get(status, status)}).")


def geen_geweigerde(referentie: str) -> NoReturn:
    raise TransitionRefused(f"{referentie} heeft geen geweigerde berichten.")
