"""What may happen to an outbox row by hand (werkpad outbox), and how a row is named without its content."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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


# The code of the staff task a refused row opens (tasks/dispatch.py): the door shows how to put the row back
# in the queue, and the task does not lapse when the traject closes (an unsent besluit or verlaging is still
# unsent after uitstroom).
GEWEIGERD_TAAK = "outbox.geweigerd"


def omschrijving(payload: Mapping[str, object]) -> str:
    """What a row does in staff words: its own `omschrijving` when the step that queued it gave one, else the
    operation and our identificatie (a besluit), else `wat`."""
    if payload.get("omschrijving"):
        return str(payload["omschrijving"])
    if payload.get("op") and payload.get("identificatie"):
        return f"{payload['op']} {payload['identificatie']}"
    return wat(payload)


def wacht_titel(wacht: Mapping[str, object], wacht_id: int, op: Mapping[str, object] | None, op_id: int | None) -> str:
    """The staff task when a row is not sent because the row it waits for was refused (or is missing), in plain
    Dutch: what was not sent, why, and what to do (the door shows the command)."""
    if op is None or op_id is None:
        return (f"Niet verstuurd: {omschrijving(wacht)} (bericht {wacht_id}) wacht op een bericht dat niet bestaat; "
                "meld dit aan functioneel beheer.")[:200]
    return (f"{hoofdletter(omschrijving(wacht))} is niet verstuurd (bericht {wacht_id}): de gemeente weigerde "
            f"{omschrijving(op)} (bericht {op_id}). Zet na herstel bericht {op_id} opnieuw klaar; {wacht_id} gaat "
            "mee.")[:200]


def hoofdletter(tekst: str) -> str:
    return tekst[:1].upper() + tekst[1:]


# Who receives a row of each kind (the CLI says what still waits, and for whom).
ONTVANGER = {"zgw": "de gemeente", "email": "de mailserver", "uwv": "UWV", "suwinet": "Suwinet",
             "inlichtingenbureau": "het Inlichtingenbureau"}


def wachtrij_tekst(rijen: Sequence[tuple[str, str, str]]) -> str:
    """What of a traject is not sent yet, in one phrase: per receiver the rows still queued (soort, status,
    description), and apart the ones the receiver refused (they wait for a person, not for the outbox)."""
    wacht: dict[str, list[str]] = {}
    geweigerd: list[str] = []
    for soort, status, tekst in rijen:
        if status == "failed":
            geweigerd.append(tekst)
        else:
            wacht.setdefault(ONTVANGER.get(soort, soort), []).append(tekst)
    delen = [f"voor {wie}: {', '.join(_geteld(teksten))}" for wie, teksten in wacht.items()]
    uit = "; ".join(delen)
    if geweigerd:
        uit += ("; " if uit else "") + f"geweigerd (een taak voor de werkcoach): {', '.join(_geteld(geweigerd))}"
    return uit


def _geteld(teksten: Sequence[str]) -> list[str]:
    gezien: dict[str, int] = {}
    for t in teksten:
        gezien[t] = gezien.get(t, 0) + 1
    return [f"{n}× {t}" if n > 1 else t for t, n in gezien.items()]
