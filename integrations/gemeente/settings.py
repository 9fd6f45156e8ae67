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


# -- Notificaties (Open Notificaties: werkpad's abonnement and its callback) ------------------------------------
# Public (in this repository): good for the local stack, refused outside ontwikkeling (tasks/settings.py).
DEV_NOTIFICATIE_TOKEN = "werkpad-dev-notificaties-token"


class NotificatiesSection(BaseModel):
    """`WERKPAD_NOTIFICATIES__*`: where the gemeente's Notificaties API is, the callback URL werkpad announces in
    its abonnement (its path is also where werkpad web listens), the token the gemeente must send with every
    notification (`Authorization: Bearer <token>`) and the kanaal werkpad follows. werkpad authenticates to the
    Notificaties API with the gemeente section's ZGW client_id and secret."""

    model_config = ConfigDict(extra="forbid")

    api_url: str = "http://127.0.0.1:8100/api/v1"  # default: the local gemeente simulator (its port from the stack)
    callback_url: str = "http://127.0.0.1:8765/notificaties/callback"  # default: <web basis_url> + this path
    token: SecretStr = SecretStr(DEV_NOTIFICATIE_TOKEN)
    kanaal: str = "zaken"
    timeout_seconds: float = 10.0

    @property
    def callback_pad(self) -> str:
        from urllib.parse import urlsplit

        return urlsplit(self.callback_url).path or "/notificaties/callback"

    @property
    def auth_header(self) -> str:
        """What Open Notificaties sends (the abonnement's `auth`), and what the callback demands."""
        return "Bearer " + self.token.get_secret_value()
