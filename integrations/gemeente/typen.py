"""The types of one zaaktype version in the gemeente's catalogue, found by omschrijving."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from integrations.gemeente.errors import GemeenteConfiguratie
from integrations.gemeente.models import BesluitType, ResultaatType, RolType, StatusType, ZaakType


@dataclass
class Typen:
    """The types of one zaaktype version, by omschrijving."""

    zaaktype: ZaakType
    statustypen: list[StatusType] = field(default_factory=list)
    roltypen: list[RolType] = field(default_factory=list)
    resultaattypen: list[ResultaatType] = field(default_factory=list)
    besluittypen: list[BesluitType] = field(default_factory=list)

    def _een(self, soort: str, items: Sequence[Any], omschrijving: str) -> Any:
        for item in items:
            if item.omschrijving == omschrijving:
                return item
        raise GemeenteConfiguratie(f"{soort} '{omschrijving}' ontbreekt bij zaaktype {self.zaaktype.identificatie} "
                                   f"(versie {self.zaaktype.versiedatum or '?'}) in de catalogus van de gemeente; "
                                   "controleer met 'werkpad gemeente controleer'.")

    def statustype(self, omschrijving: str) -> StatusType:
        return self._een("Statustype", self.statustypen, omschrijving)  # type: ignore[no-any-return]

    def roltype(self, omschrijving: str) -> RolType:
        return self._een("Roltype", self.roltypen, omschrijving)  # type: ignore[no-any-return]

    def resultaattype(self, omschrijving: str) -> ResultaatType:
        return self._een("Resultaattype", self.resultaattypen, omschrijving)  # type: ignore[no-any-return]

    def besluittype(self, omschrijving: str) -> BesluitType:
        return self._een("Besluittype", self.besluittypen, omschrijving)  # type: ignore[no-any-return]

    @property
    def eindstatus(self) -> StatusType | None:
        return max(self.statustypen, key=lambda s: s.volgnummer) if self.statustypen else None
