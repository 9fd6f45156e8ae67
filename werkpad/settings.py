"""Settings of the application shell (WERKPAD_ prefix), built once at the entrypoint.

Each room reads its own part from the same environment (casestore: database, notifications:
mail, integrations: gemeente API); this class adds what only the shell needs and exports
the environment for the processes it starts.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

LOGGING_YML = Path(__file__).resolve().parents[1] / "deployments" / "logging.yml"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WERKPAD_", extra="ignore")

    data_dir: Path = Path(".werkpad")
    database_url: str = ""
    prefect_port: int = 4200
    prefect_api_url: str = ""
    simulator_port: int = 8100
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 8025
    mail_dir: Path | None = None

    @property
    def api_url(self) -> str:
        return self.prefect_api_url or f"http://127.0.0.1:{self.prefect_port}/api"

    @property
    def mails(self) -> Path:
        return (self.mail_dir or self.data_dir / "mail").resolve()

    def export(self) -> None:
        """Make every process (this one and its children) see the same configuration."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        env = {
            "WERKPAD_DATA_DIR": str(self.data_dir.resolve()),
            "WERKPAD_MAIL_DIR": str(self.mails),
            "WERKPAD_SMTP_HOST": self.smtp_host,
            "WERKPAD_SMTP_PORT": str(self.smtp_port),
            "PREFECT_API_URL": os.environ.get("PREFECT_API_URL") or self.api_url,
        }
        os.environ.setdefault("WERKPAD_GEMEENTE_API_URL", f"http://127.0.0.1:{self.simulator_port}")
        os.environ.setdefault("PREFECT_HOME", str((self.data_dir / "prefect").resolve()))
        os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
        os.environ.setdefault("DO_NOT_TRACK", "1")
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO")
        os.environ.setdefault("PREFECT_LOGGING_SETTINGS_PATH", str(LOGGING_YML))
        os.environ.update(env)
