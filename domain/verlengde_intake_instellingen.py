"""The verlengde intake's settings section, `WERKPAD_VERLENGDE_INTAKE__<VELD>`. AD&A (De Passage) is one team for
all three gemeenten: its mailbox gets the onderzoeken and the advies, its teamleider the escalation when the advies
is late."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from domain.instelling import Emailadres, Sectie


class VerlengdeIntakeInstellingen(Sectie):
    ada_email: Emailadres = "ada.depassage@ijmondwerkt.example"
    ada_teamleider_email: Emailadres = "teamleider.ada@ijmondwerkt.example"
    # Werkdagen the werkcoach has to decide on AD&A's advies (then a reminder, then escalation).
    besluit_werkdagen: int = Field(default=5, ge=1, le=30)

    OUDE_NAMEN: ClassVar[dict[str, str]] = {
        "WERKPAD_ADA_EMAIL": "ada_email",
        "WERKPAD_ADA_TEAMLEIDER_EMAIL": "ada_teamleider_email",
        "WERKPAD_VERLENGDE_INTAKE_BESLUIT_WERKDAGEN": "besluit_werkdagen",
    }
