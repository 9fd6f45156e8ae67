from pydantic_settings import BaseSettings, SettingsConfigDict


class GemeenteApiSettings(BaseSettings):
    """Where the gemeente APIs are and how werkpad authenticates (ZGW JWT, HS256)."""

    model_config = SettingsConfigDict(env_prefix="WERKPAD_GEMEENTE_", extra="ignore")

    api_url: str = "http://127.0.0.1:8100"
    client_id: str = "werkpad"
    secret: str = "werkpad-dev-secret-change-me-in-production"  # >= 32 bytes for HS256
    timeout_seconds: float = 10.0
