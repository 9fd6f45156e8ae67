"""The UWV section of werkpad's settings (`WERKPAD_UWV__*`).

A plain model, like the gemeente's: the one settings object (tasks/settings.py) reads the
environment and fills this section; the channel only receives it. UWV offers no public API
for the indicatie forms, so the default channel is `handmatig` (a staff task); `http` is for a
deployment that has an agreed endpoint (or the local simulator).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, SecretStr, model_validator

# Public (it is in this repository): good for the local simulator, never for a real endpoint.
DEV_TOKEN = "werkpad-uwv-dev-token-change-me"


class UwvSettings(BaseModel):
    """Which channel submits indicatie-aanvragen and, for `http`, where and how."""

    model_config = ConfigDict(extra="forbid")

    kanaal: Literal["http", "handmatig"] = "handmatig"
    # The simulator when run on its own; the combined ketenpartners simulator serves it under /uwv.
    api_url: str = "http://127.0.0.1:8103"
    # A bearer token rather than a client id and secret: one secret to rotate, and the contract
    # is ours to choose (UWV publishes none).
    token: SecretStr = SecretStr(DEV_TOKEN)  # sent as `Authorization: Bearer`
    timeout_seconds: float = 10.0
    # Mutual TLS, as government connections usually require: our certificate and key, and the CA
    # that signed UWV's server certificate (None: the system's trust store).
    client_cert: Path | None = None
    client_key: Path | None = None
    ca_bundle: Path | None = None

    @model_validator(mode="after")
    def _cert_and_key_together(self) -> UwvSettings:
        if (self.client_cert is None) != (self.client_key is None):
            raise ValueError("WERKPAD_UWV__CLIENT_CERT en WERKPAD_UWV__CLIENT_KEY horen bij elkaar: geef beide of geen.")
        if self.timeout_seconds <= 0:
            raise ValueError("WERKPAD_UWV__TIMEOUT_SECONDS moet groter dan 0 zijn.")
        return self
