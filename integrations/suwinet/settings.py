"""The Suwinet section of werkpad's settings (proposed: `WERKPAD_SUWINET__*`).

A plain model, like the gemeente's: the one settings object (tasks/settings.py) reads the
environment and fills it; the client only receives it. Development talks plain HTTP with basic
auth to the local simulator; production talks to the BKWI gateway with mTLS and signs every
request with WS-Security using the same certificate (WSDL documentation, Digikoppeling WUS).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, SecretStr, model_validator

DEV_USER = "werkpad"
DEV_PASSWORD = "werkpad-dev-suwinet"  # public (it is in this repository): the local simulator only


class SuwinetSettings(BaseModel):
    """Where Suwinet's doelgroepregister lookup is and how werkpad authenticates to it."""

    model_config = ConfigDict(extra="forbid")

    # One binding address per dienst (the gateway has one per service).
    url: str = "http://127.0.0.1:8200/suwinet/ws/UWVDossierQuotumArbeidsbeperktenGSD-v0300/v1"
    reintegratie_url: str = "http://127.0.0.1:8200/suwinet/ws/GSDDossierReintegratie-v0200/v1"
    # Basic auth: the simulator (and a gateway that wants it); None = no Authorization header.
    user: str | None = DEV_USER
    password: SecretStr | None = SecretStr(DEV_PASSWORD)
    # BKWI's WSDL/XSDs, supplied by ops (never copied into the repo): every message is validated
    # against them. None: no XSD check (development only; `werkpad up` says so, and refuses to
    # start without them outside development).
    specs_dir: Path | None = None
    timeout_seconds: float = 10.0
    # mTLS towards the gateway: client certificate and key (PEM), and the CA bundle that signed
    # the gateway's certificate (None: the system's trust store).
    cert_file: Path | None = None
    key_file: Path | None = None
    ca_file: Path | None = None
    # WS-Security signature (X.509 BinarySecurityToken); production uses the mTLS certificate.
    wsse_cert_file: Path | None = None
    wsse_key_file: Path | None = None
    wsse_key_password: SecretStr | None = None

    @model_validator(mode="after")
    def _pairs(self) -> SuwinetSettings:
        if (self.cert_file is None) != (self.key_file is None):
            raise ValueError("Suwinet-mTLS: geef zowel cert_file als key_file op, of geen van beide.")
        if (self.wsse_cert_file is None) != (self.wsse_key_file is None):
            raise ValueError("Suwinet-ondertekening: geef zowel wsse_cert_file als wsse_key_file op, of geen van beide.")
        return self

    @property
    def signs(self) -> bool:
        return self.wsse_cert_file is not None
