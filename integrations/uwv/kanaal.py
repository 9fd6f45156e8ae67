"""The indicatie channel: one Protocol, two implementations, chosen per deployment.

UWV has no public API for "Aanvraag indicatie of advies", so a deployment either talks to an
agreed HTTP endpoint (`UwvHttpKanaal`, integrations/uwv/client.py) or submits by hand
(`HandmatigKanaal`): then nothing is sent and the process makes a staff task instead. The
process code calls only `kanaal_uit(settings)`, `dien_in` and `status`, and branches on the
result type (`Ingediend` / `Handmatig`), never on the setting.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict

from integrations.uwv.contract import Aanvraag, Beslissing, Soort
from integrations.uwv.settings import UwvSettings

FORMULIER = "Aanvraag indicatie of advies"
ADRES = "UWV Dienstverlening aan gemeenten, Postbus 2441, 1000 CK Amsterdam"


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True)


class Ingediend(_Result):
    """UWV has the aanvraag; keep `uwv_id` to read its status later."""

    kanaal: Literal["http"] = "http"
    uwv_id: str
    ingediend_op: datetime
    ontvangen_op: date | None = None  # set when UWV confirmed receipt straight away


class Handmatig(_Result):
    """Nothing was sent: a person must do `taak` (the process makes it a staff task)."""

    kanaal: Literal["handmatig"] = "handmatig"
    taak: str
    formulier: str = FORMULIER
    adres: str = ADRES


class Status(_Result):
    """What UWV reports on an aanvraag: receipt (ontvangstbevestiging) and, later, the outcome."""

    uwv_id: str
    soort: Soort
    ontvangen_op: date | None = None
    beslissing: Beslissing | None = None


class IndicatieKanaal(Protocol):
    def dien_in(self, aanvraag: Aanvraag, idempotency_key: str) -> Ingediend | Handmatig:
        """Submit once: a retry with the same key gives the same `Ingediend`, not a second aanvraag."""
        ...

    def status(self, uwv_id: str) -> Status | Handmatig:
        ...

    def close(self) -> None:
        ...

    def __enter__(self) -> IndicatieKanaal:
        ...

    def __exit__(self, *exc: object) -> None:
        ...


class HandmatigKanaal:
    """No call at all: every answer is the task a person has to do."""

    def __init__(self, settings: UwvSettings | None = None) -> None:
        self.settings = settings

    def dien_in(self, aanvraag: Aanvraag, idempotency_key: str) -> Handmatig:
        wat = ("advies beschut werk" if aanvraag.soort == "beschut_werk"
               else "indicatie banenafspraak (beoordeling arbeidsvermogen)")
        return Handmatig(taak=f"Dien het formulier '{FORMULIER}' ({wat}) in bij UWV en leg de datum van indienen vast.")

    def status(self, uwv_id: str) -> Handmatig:
        # There is no UWV system to ask: the staff records the ontvangstbevestiging and the
        # beslissing from UWV's letters.
        return Handmatig(taak="Leg de ontvangstbevestiging en de beslissing van UWV vast zodra de brief binnen is.")

    def close(self) -> None:
        pass

    def __enter__(self) -> HandmatigKanaal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def kanaal_uit(settings: UwvSettings) -> IndicatieKanaal:
    """The channel this deployment is configured for (`WERKPAD_UWV__KANAAL`)."""
    if settings.kanaal == "handmatig":
        return HandmatigKanaal(settings)
    from integrations.uwv.client import UwvHttpKanaal  # httpx only where it is used

    return UwvHttpKanaal(settings)
