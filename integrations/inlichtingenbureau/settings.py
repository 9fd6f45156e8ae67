"""The Inlichtingenbureau section of werkpad's settings (proposed: `WERKPAD_INLICHTINGENBUREAU__*`).

A plain model like the gemeente's and Suwinet's; only tasks/settings.py reads the environment.
The real submission channel of the DKD re-integratiebericht is not public (not in the shared
specs); these settings model an HTTPS endpoint with basic auth (simulator) and mTLS (production,
as for every Suwinet/Digikoppeling partner).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, SecretStr, model_validator

DEV_USER = "werkpad"
DEV_PASSWORD = "werkpad-dev-inlichtingenbureau"  # public (it is in this repository): the local simulator only


class InlichtingenbureauSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = "http://127.0.0.1:8200/inlichtingenbureau"
    user: str | None = DEV_USER
    password: SecretStr | None = SecretStr(DEV_PASSWORD)
    # The folder with BKWI's Suwinet XSDs, for the SuwiML simple types (Burgerservicenr, Datum,
    # Percentage) the bericht's fields must meet. None: the bericht's own checks only. In the one
    # settings object it follows WERKPAD_SUWINET__SPECS_DIR unless set itself.
    specs_dir: Path | None = None
    timeout_seconds: float = 10.0
    cert_file: Path | None = None
    key_file: Path | None = None
    ca_file: Path | None = None

    @model_validator(mode="after")
    def _pair(self) -> InlichtingenbureauSettings:
        if (self.cert_file is None) != (self.key_file is None):
            raise ValueError("Inlichtingenbureau-mTLS: geef zowel cert_file als key_file op, of geen van beide.")
        return self
