"""The indicatie's settings section, `WERKPAD_INDICATIE__<VELD>`."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from domain.indicatie import BESCHUT_WERK_WEKEN
from domain.instelling import Sectie


class IndicatieInstellingen(Sectie):
    # UWV's service norm for an advies beschut werk, in weeks after receipt (no statutory term known).
    beschut_werk_weken: int = Field(default=BESCHUT_WERK_WEKEN, ge=1, le=52)
    # Werkdagen the werkcoach has to gather stage reports and findings before submitting an indicatie.
    voorbereiden_werkdagen: int = Field(default=10, ge=1, le=60)

    OUDE_NAMEN: ClassVar[dict[str, str]] = {
        "WERKPAD_INDICATIE_BESCHUT_WERK_WEKEN": "beschut_werk_weken",
        "WERKPAD_INDICATIE_VOORBEREIDEN_WERKDAGEN": "voorbereiden_werkdagen",
    }
