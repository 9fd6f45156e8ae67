"""The doelgroepregister's settings section, `WERKPAD_DOELGROEPREGISTER__<VELD>`."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from domain.instelling import Sectie


class DoelgroepregisterInstellingen(Sectie):
    # Weeks a registration may stay out before the werkcoach is reminded and the teamleider hears it (organisation
    # norm).
    escalatie_weken: int = Field(default=8, ge=1, le=52)

    OUDE_NAMEN: ClassVar[dict[str, str]] = {"WERKPAD_DOELGROEPREGISTER_ESCALATIE_WEKEN": "escalatie_weken"}
