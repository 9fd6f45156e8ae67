from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class MailSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WERKPAD_", extra="ignore")

    smtp_host: str = "127.0.0.1"
    smtp_port: int = 8025
    smtp_timeout_seconds: float = 10.0
    mail_from: str = "werkpad@ijmondwerkt.nl"
    mail_domain: str = "werkpad.ijmondwerkt.nl"  # right-hand side of our Message-IDs
    mail_dir: Path = Path(".werkpad/mail")  # where the local mail catcher keeps .eml files
