"""The few ZGW shapes werkpad reads, validated so a malformed answer is caught early."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict


class _Loose(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ZaakRef(_Loose):
    url: str
    uuid: str
    identificatie: str
    bronorganisatie: str
    zaaktype: str
    einddatum: str | None = None


class StatusType(_Loose):
    url: str
    zaaktype: str
    omschrijving: str
    volgnummer: int
    isEindstatus: bool


class ResultaatType(_Loose):
    url: str
    zaaktype: str
    omschrijving: str


class RolType(_Loose):
    url: str
    zaaktype: str
    omschrijving: str
    omschrijvingGeneriek: str


class BesluitType(_Loose):
    url: str
    zaaktypen: list[str]
    omschrijving: str


class ZaakType(_Loose):
    url: str
    identificatie: str
    omschrijving: str
    concept: bool = False
    beginGeldigheid: str | None = None
    eindeGeldigheid: str | None = None
    versiedatum: str | None = None

    def geldig_op(self, dag: date) -> bool:
        """Valid on `dag` (beginGeldigheid <= dag <= eindeGeldigheid, each bound optional)."""
        iso = dag.isoformat()
        return (self.beginGeldigheid or "0000") <= iso and (self.eindeGeldigheid is None or iso <= self.eindeGeldigheid)


class Uitkeringsstatus(_Loose):
    zaak: str
    status: str  # in_behandeling | toegekend | afgewezen
    besluitdatum: str | None = None
    # When the gemeente received the aanvraag (Awb 4:13 counts from it); absent while unknown.
    aanvraagdatum: date | None = None
    # The gemeente's own identificatie of the aanvraag (bron zgw), for messages; never a BSN.
    aanvraag: str | None = None


class VerlagingMaand(_Loose):
    maand: str  # JJJJ-MM
    percentage: int  # of the bijstandsnorm, 1..100


class Verlaging(_Loose):
    """A verlaging at the uitkeringsadministratie (our own modelled contract)."""

    url: str
    uuid: str
    zaak: str
    besluit: str  # the besluit's identificatie
    soort: Literal["opleggen", "herzien", "intrekken"]
    maanden: list[VerlagingMaand]
    ontvangenOp: str
