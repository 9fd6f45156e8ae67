"""The maatregel's settings section, `WERKPAD_MAATREGEL__<VELD>`: organisation norms (the legal terms are computed,
not set)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from domain.instelling import Sectie


class MaatregelInstellingen(Sectie):
    # Weeks to decide the onderzoek after the melding (service norm).
    onderzoek_weken: int = Field(default=8, ge=1, le=26)
    # Werkdagen the deelnemer has to react in writing after the invitation to the gesprek (Awb 4:8; work agreement).
    reactie_werkdagen: int = Field(default=10, ge=2, le=30)
    # Werkdagen for the teamleider's vier ogen.
    vier_ogen_werkdagen: int = Field(default=5, ge=1, le=20)
    # The heroverweging term the college set (Pw art. 18 lid 3: at most three months).
    heroverweging_maanden: int = Field(default=3, ge=1, le=3)

    OUDE_NAMEN: ClassVar[dict[str, str]] = {
        "WERKPAD_MAATREGEL_ONDERZOEK_WEKEN": "onderzoek_weken",
        "WERKPAD_MAATREGEL_REACTIE_WERKDAGEN": "reactie_werkdagen",
        "WERKPAD_MAATREGEL_VIER_OGEN_WERKDAGEN": "vier_ogen_werkdagen",
        "WERKPAD_MAATREGEL_HEROVERWEGING_MAANDEN": "heroverweging_maanden",
    }
