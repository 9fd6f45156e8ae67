"""The gemeente section of werkpad's settings (`WERKPAD_GEMEENTE__*`).

A plain model: the one settings object (tasks/settings.py) reads the environment, fills this
section and refuses the development secret outside development; the client only receives it.
"""

from pydantic import BaseModel, ConfigDict, SecretStr

# Public (it is in this repository): good for the local simulator, never for a real gemeente.
DEV_SECRET = "werkpad-dev-secret-change-me-in-production"
MIN_SECRET_BYTES = 32  # HS256 wants a key at least as long as its hash (RFC 7518 § 3.2)


class GemeenteSection(BaseModel):
    """Where the gemeente APIs are and how werkpad authenticates (ZGW JWT, HS256)."""

    model_config = ConfigDict(extra="forbid")

    api_url: str = "http://127.0.0.1:8100"
    client_id: str = "werkpad"
    secret: SecretStr = SecretStr(DEV_SECRET)
    timeout_seconds: float = 10.0
