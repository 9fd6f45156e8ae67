"""The loonwaarde's settings section, `WERKPAD_LOONWAARDE__<VELD>`."""

from __future__ import annotations

from typing import ClassVar

from domain.instelling import Emailadres, Sectie


class LoonwaardeInstellingen(Sectie):
    # The WSP's jobcoach pool (one for the organisation) couples a jobcoach after a praktijkroute registration; the
    # WSP itself is per gemeente (`wsp_email` in gemeenten.toml).
    jobcoach_email: Emailadres = "jobcoaches.wsp@ijmondwerkt.example"

    OUDE_NAMEN: ClassVar[dict[str, str]] = {"WERKPAD_JOBCOACH_EMAIL": "jobcoach_email"}
