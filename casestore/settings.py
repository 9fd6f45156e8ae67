from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class CasestoreSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WERKPAD_", extra="ignore")

    data_dir: Path = Path(".werkpad")
    database_url: str = ""

    def url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'werkpad.db').resolve()}"
